import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { CertificateDocument, HoldingsProofDocument } from '@estate-ledger/api-schemas';
import { isoDateInChina } from '@estate-ledger/chaincode';

/** The font file and face a document embeds a subset of (read once per process). */
export interface DocumentFont {
  file: string;
  face: string;
}

const fontBytes = new Map<string, Buffer>();
function fontFile(font: DocumentFont): Buffer {
  let bytes = fontBytes.get(font.file);
  if (!bytes) {
    bytes = readFileSync(font.file);
    fontBytes.set(font.file, bytes);
  }
  return bytes;
}

/** One row of the certificate's table: the national form's label and what the document states. */
export type Row = [label: string, value: string];

/** What a PDF shows: the title, the number, the rows of the national form, the annotation (附记) and the seal. */
export interface DocumentLayout {
  title: string;
  number: string;
  rows: Row[];
  annotation: string[];
  issuer: string;
  /** The register's time the document was issued: its date is printed, and it is the PDF's creation date. */
  issuedAt: Date;
  /** SHA-256 of the canonical JSON document (hex), printed under the QR. */
  docHash: string;
  /** The compact JWS the QR code carries. */
  seal: string;
  /** The canonical JSON, attached to the PDF so a machine can read exactly what it states. */
  canonicalJson: Buffer;
  attachmentName: string;
}

const CO_OWNERSHIP: Record<string, string> = { SOLE: '单独所有', JOINT: '共同共有', SHARES: '按份共有' };
const RIGHT_TYPE: Record<string, string> = { OWNERSHIP: '国有建设用地使用权/房屋所有权', MORTGAGE: '抵押权', NOTICE: '预告登记', RESIDENCE: '居住权' };
/** The register does not record these items yet; the form shows so rather than inventing them. */
const NOT_RECORDED = '（登记簿未记载）';

type Named = { name: string; idKind: string; idNumber: string };
const named = (p: Named) => `${p.name}（${p.idKind === 'RESIDENT_ID' ? '身份证' : '统一社会信用代码'} ${p.idNumber}）`;
const area = (a: { building: string; inner: string; shared: string } | undefined) =>
  a ? `建筑面积 ${a.building} ㎡（套内 ${a.inner} ㎡，分摊 ${a.shared} ㎡）` : NOT_RECORDED;

/**
 * The rows of 不动产权证书 (TITLE) or 不动产登记证明 (PROOF) for a certificate document, in the
 * national form's order; every value comes from the document whose SHA-256 the ledger holds.
 */
export function certificateLayout(doc: CertificateDocument, issuedAt: Date, docHash: string, seal: string, canonicalJson: Buffer): DocumentLayout {
  const holders = doc.schema === 'estate-ledger/certificate/v2' ? (doc.right.holders ?? []) : doc.holders;
  const holderText = holders.map((h) => `${named(h)}${h.share ? ` 份额 ${h.share}%` : ''}`).join('\n');
  const r = doc.right;
  const rows: Row[] = [];
  const annotation: string[] = [`登记簿版本 ${doc.registerVersion}，登簿时间 ${isoDateInChina(doc.recordedAt)}，登记业务 ${doc.registrationId}`];
  if (doc.kind === 'TITLE') {
    rows.push(
      ['权利人', holderText || NOT_RECORDED],
      ['共有情况', r.coOwnership ? CO_OWNERSHIP[r.coOwnership] : NOT_RECORDED],
      ['坐落', doc.location],
      ['不动产单元号', doc.unitNumber],
      ['权利类型', RIGHT_TYPE[doc.rightType]],
      ['权利性质', NOT_RECORDED],
      ['用途', doc.use ?? NOT_RECORDED],
      ['面积', area(doc.areas)],
      ['使用期限', NOT_RECORDED],
      ['权利其他状况', doc.structure ? `房屋结构：${doc.structure}` : NOT_RECORDED],
    );
  } else {
    const v2 = doc.schema === 'estate-ledger/certificate/v2' ? doc.right : undefined;
    const creditor = v2?.creditor;
    const obligors = (v2?.mortgagors ?? []).map(named).join('\n');
    const other: string[] = [];
    if (r.amount) other.push(`${r.maximumAmount ? '最高债权数额' : '被担保主债权数额'} ${r.amount} 元`);
    if (r.termStart && r.termEnd) other.push(`债务履行期限 ${r.termStart} 起 ${r.termEnd} 止`);
    if (r.rank !== undefined) other.push(`抵押顺位 ${r.rank}`);
    if (r.noTransfer !== undefined) other.push(r.noTransfer ? '约定抵押期间不得转让' : '未约定不得转让');
    if (r.contractId) other.push(`买卖合同 ${r.contractId}`);
    if (r.until) other.push(`居住权期限至 ${r.until}`);
    rows.push(
      ['证明权利或事项', RIGHT_TYPE[doc.rightType]],
      ['权利人（申请人）', creditor ? named(creditor) : holderText || NOT_RECORDED],
      ['义务人', obligors || '—'],
      // A mortgage over several units: one proof, every unit number, the location of the first "等N处".
      ['坐落', r.units && r.units.length > 1 ? `${doc.location}等${r.units.length}处` : doc.location],
      ['不动产单元号', r.units && r.units.length > 1 ? r.units.join('\n') : doc.unitNumber],
      ['面积', area(doc.areas)],
      ['其他', other.join('；') || '—'],
    );
  }
  return {
    title: doc.kind === 'TITLE' ? '不动产权证书' : '不动产登记证明',
    number: doc.certNo,
    rows,
    annotation,
    issuer: doc.issuer,
    issuedAt,
    docHash,
    seal,
    canonicalJson,
    attachmentName: 'certificate.json',
  };
}

/**
 * 不动产登记信息查询结果证明 (有房/无房证明): who was looked up, where, as of when, and each unit they
 * owned then, or that they owned none; valid until the stated time.
 */
export function holdingsProofLayout(doc: HoldingsProofDocument, issuedAt: Date, docHash: string, seal: string, canonicalJson: Buffer): DocumentLayout {
  const at = (iso: string) => `${isoDateInChina(iso)} ${new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(11, 16)}（北京时间）`;
  const rows: Row[] = [
    ['查询对象', named(doc.person)],
    ['查询范围', `${doc.issuer} 登记的行政区划 ${doc.district}`],
    ['查询时点', at(doc.asOf)],
    ['查询结果', doc.holdings.length === 0 ? '经查询，截至查询时点，该查询对象在上述范围内无不动产登记记录（无房）。' : `经查询，截至查询时点，该查询对象在上述范围内登记有不动产 ${doc.holdings.length} 处，详见下列。`],
    ...doc.holdings.map((h, i): Row => [
      `不动产 ${i + 1}`,
      [`坐落：${h.location}`, `不动产单元号：${h.unitNumber}`, `用途：${h.use ?? NOT_RECORDED}`, area(h.areas), `共有情况：${h.coOwnership ? CO_OWNERSHIP[h.coOwnership] : NOT_RECORDED}${h.share ? `，份额 ${h.share}%` : ''}`].join('\n'),
    ]),
    ['有效期至', at(doc.validUntil)],
  ];
  return {
    title: doc.holdings.length === 0 ? '无房证明' : '有房证明',
    number: doc.proofNo,
    rows,
    annotation: ['本证明依据不动产登记簿出具，仅反映查询时点的登记情况；超过有效期请重新申请。'],
    issuer: doc.issuer,
    issuedAt,
    docHash,
    seal,
    canonicalJson,
    attachmentName: 'holdings-proof.json',
  };
}

const MARGIN = 56;
const LABEL_WIDTH = 118;

/**
 * Renders a document as an A4 PDF: the same layout gives the same bytes every time. The creation
 * date is the issue time, the file id derives from the document info, the font subset's tag from
 * the font's slot, the QR is drawn as vector squares, and no other clock or random value enters.
 */
export function renderPdf(layout: DocumentLayout, font: DocumentFont): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const info = { Title: `${layout.title} ${layout.number}`, Author: layout.issuer, Subject: layout.docHash, Producer: 'Estate Ledger', Creator: 'Estate Ledger', CreationDate: layout.issuedAt };
    const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info, compress: true, lang: 'zh-CN', displayTitle: true });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('cjk', fontFile(font), font.face);
    doc.font('cjk');
    const width = doc.page.width - 2 * MARGIN;

    doc.fontSize(24).text(layout.title, MARGIN, MARGIN, { width, align: 'center', characterSpacing: 6 });
    doc.moveDown(0.4).fontSize(12).text(layout.number, { width, align: 'center' });
    doc.moveDown(1);

    let y = doc.y;
    doc.fontSize(11);
    for (const [label, value] of layout.rows) {
      const h = Math.max(doc.heightOfString(value, { width: width - LABEL_WIDTH - 16 }), doc.heightOfString(label, { width: LABEL_WIDTH - 12 })) + 12;
      doc.rect(MARGIN, y, LABEL_WIDTH, h).rect(MARGIN + LABEL_WIDTH, y, width - LABEL_WIDTH, h).lineWidth(0.6).stroke();
      doc.text(label, MARGIN + 6, y + 6, { width: LABEL_WIDTH - 12 });
      doc.text(value, MARGIN + LABEL_WIDTH + 8, y + 6, { width: width - LABEL_WIDTH - 16 });
      y += h;
    }
    doc.text('附记', MARGIN, y + 14);
    doc.fontSize(9).text(layout.annotation.join('\n'), MARGIN, y + 32, { width });

    const qrTop = doc.page.height - MARGIN - 190;
    drawQr(doc, layout.seal, MARGIN, qrTop, 150);
    const right = MARGIN + 170;
    doc.fontSize(9).text('扫描二维码可离线核验登记机构签名；在线核验请访问核验页面并上传本文件或输入文件指纹。', right, qrTop, { width: width - 170 });
    doc.text(`电子证照数据指纹（SHA-256）：${layout.docHash}`, right, doc.y + 6, { width: width - 170 });
    doc.fontSize(12).text(`登记机构：${layout.issuer}`, right, qrTop + 100, { width: width - 170 });
    doc.text(`${formatChineseDate(isoDateInChina(layout.issuedAt.toISOString()))}`, right, doc.y + 6, { width: width - 170 });

    // The canonical JSON, as an attached file (PDF/A-3 style): its SHA-256 is docHash.
    doc.file(layout.canonicalJson, { name: layout.attachmentName, type: 'application/json', description: 'Canonical JSON (RFC 8785) of this document', creationDate: layout.issuedAt, modifiedDate: layout.issuedAt });
    doc.end();
  });
}

/** The seal as a QR code drawn with vector squares (error correction M: survives a crease or a stamp). */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const cell = size / (n + 2 * quiet);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) if (qr.modules.get(row, col)) doc.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, cell, cell);
  }
  doc.fillColor('black').fill();
}

const formatChineseDate = (iso: string) => `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
