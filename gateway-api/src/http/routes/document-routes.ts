import { z } from 'zod';
import * as S from '@estate-ledger/api-schemas';
import { zCertificateNumber, zDistrict, zHoldingsProofNumber, zPartyIdAt, type HoldingsProof, type PartyIdentity } from '@estate-ledger/chaincode';
import { identityOf } from '../../application/command-service';
import type { StaffPrincipal } from '../../auth/principal';
import type { HolderDocuments } from '../../documents/holder-documents';
import type { HoldingsProofs } from '../../documents/holdings-proofs';
import type { IssuerKeys } from '../../documents/issuer-keys';
import { CERTIFICATES, HOLDINGS_PROOFS, type SealedDocuments } from '../../documents/sealed-documents';
import type { LedgerPort } from '../../ledger/ledger-port';
import type { CaseQueries } from '../../read-model/case-queries';
import type { Clock } from '../../register-clock';
import { APPLICANT, PUBLIC, action, scope } from '../access-policy';
import { ApiError } from '../api-error';
import { route, type AnyRoute, type HandlerContext } from '../route-spec';
import { citizenCalling } from './applicant-calls';
import { viewerOf } from './query-routes';

const OFFICE_EXAMPLE = '达州市不动产登记中心';

/** Sends a PDF as a download named after its document number. */
function sendPdf<P, Q, B>(c: HandlerContext<P, Q, B>, name: string, pdf: Buffer): undefined {
  c.res.status(200).type('application/pdf').setHeader('Content-Disposition', `attachment; filename="${encodeURIComponent(name)}.pdf"`);
  c.res.send(pdf);
  return undefined;
}

const signedIn = (p: StaffPrincipal | undefined): StaffPrincipal => {
  if (!p) throw new ApiError(401, 'UNAUTHENTICATED', 'Authentication required');
  return p;
};

const zValidDays = z.int().min(1).max(90).default(30).meta({ description: 'Days the proof is valid for (default 30)' });

/** Documents people hold: certificate PDFs, holdings proofs (有房/无房证明) and the keys their QR seals verify with. */
export function documentRoutes(d: { ledger: LedgerPort; cases: CaseQueries; clock: Clock; documents: SealedDocuments; proofs: HoldingsProofs; holder: HolderDocuments; issuerKeys: IssuerKeys }): AnyRoute[] {
  const today = () => d.clock.now();
  /** A proof of one of the caller's districts; another district's is not revealed (404). */
  const proofOf = async (proofNo: string, p: StaffPrincipal): Promise<HoldingsProof> => {
    const proof = JSON.parse(await d.ledger.evaluate({ identity: identityOf(p), fn: 'HoldingsProof:get', args: [proofNo] })) as HoldingsProof;
    if (!p.districts.includes(proof.district)) throw new ApiError(404, 'HOLDINGS_PROOF_NOT_FOUND', `No holdings proof ${proofNo} in your districts`);
    return proof;
  };
  return [
    route<{ certNo: string }>({
      operationId: 'getCertificatePdf', method: 'get', path: '/certificates/{certNo}/pdf', tag: 'Certificates',
      summary: 'The certificate as a PDF (不动产权证书 / 不动产登记证明 with its signed QR): the same bytes every time; GET /verify/{sha256} answers for its SHA-256', access: scope('parties.read'),
      params: z.strictObject({ certNo: zCertificateNumber(today) }),
      response: { status: 200, description: 'PDF bytes', schema: S.zPdfFile, contentType: 'application/pdf', verbatim: true },
      handle: async (c) => {
        const cert = await d.cases.certificate(c.params.certNo, viewerOf(c.principal));
        return sendPdf(c, cert.certNo, await d.documents.pdf(CERTIFICATES, cert.certNo, signedIn(c.principal), c.requestId));
      },
    }),
    route<Record<string, never>, Record<string, never>, { person: PartyIdentity; district: string; validDays: number }>({
      operationId: 'issueHoldingsProof', method: 'post', path: '/holdings-proofs', tag: 'Certificates',
      summary: '有房/无房证明: a signed proof of the units a person owns in one of your districts now, or that they own none, valid for validDays; its PDF is recorded at once', access: action('proof.issue'),
      body: z.strictObject({
        person: zPartyIdAt(today),
        district: zDistrict,
        validDays: zValidDays,
      }),
      response: { status: 201, description: 'The proof; GET /holdings-proofs/{proofNo}/pdf is its document', schema: S.zHoldingsProof },
      handle: async (c) => ({ status: 201, body: await d.proofs.issue(signedIn(c.principal), c.body, c.requestId) }),
    }),
    route<{ proofNo: string }>({
      operationId: 'getHoldingsProof', method: 'get', path: '/holdings-proofs/{proofNo}', tag: 'Certificates', summary: 'A holdings proof (有房/无房证明) of your districts', access: scope('parties.read'),
      params: z.strictObject({ proofNo: zHoldingsProofNumber }),
      response: { status: 200, description: 'The proof', schema: S.zHoldingsProof },
      handle: async (c) => ({ body: await proofOf(c.params.proofNo, signedIn(c.principal)) }),
    }),
    route<{ proofNo: string }>({
      operationId: 'getHoldingsProofPdf', method: 'get', path: '/holdings-proofs/{proofNo}/pdf', tag: 'Certificates', summary: "A holdings proof's PDF: the same bytes every time; GET /verify/{sha256} answers VALID, then EXPIRED after its validity", access: scope('parties.read'),
      params: z.strictObject({ proofNo: zHoldingsProofNumber }),
      response: { status: 200, description: 'PDF bytes', schema: S.zPdfFile, contentType: 'application/pdf', verbatim: true },
      handle: async (c) => {
        const proof = await proofOf(c.params.proofNo, signedIn(c.principal));
        return sendPdf(c, proof.proofNo, await d.documents.pdf(HOLDINGS_PROOFS, proof.proofNo, signedIn(c.principal), c.requestId));
      },
    }),
    route<{ certNo: string }>({
      operationId: 'getMyCertificatePdf', method: 'get', path: '/applicant/certificates/{certNo}/pdf', tag: 'Applicants',
      summary: "The PDF of a certificate that names me as a holder (电子证照): the same bytes staff download; another person's certificate answers 404", access: APPLICANT,
      params: z.strictObject({ certNo: zCertificateNumber(today) }),
      response: { status: 200, description: 'PDF bytes', schema: S.zPdfFile, contentType: 'application/pdf', verbatim: true },
      handle: async (c) => sendPdf(c, c.params.certNo, await d.holder.certificatePdf(citizenCalling(c), c.params.certNo, c.requestId)),
    }),
    route<Record<string, never>, Record<string, never>, { district: string; validDays: number }>({
      operationId: 'issueMyHoldingsProof', method: 'post', path: '/applicant/holdings-proofs', tag: 'Applicants',
      summary: '有房/无房证明 of myself: the units I own in the district now, or that I own none, valid for validDays; the person is the signed-in citizen, never another', access: APPLICANT,
      body: z.strictObject({ district: zDistrict, validDays: zValidDays }),
      response: { status: 201, description: 'The proof; GET /applicant/holdings-proofs/{proofNo}/pdf is its document', schema: S.zHoldingsProof },
      handle: async (c) => ({ status: 201, body: await d.holder.issueProof(citizenCalling(c), c.body, c.requestId) }),
    }),
    route<{ proofNo: string }>({
      operationId: 'getMyHoldingsProof', method: 'get', path: '/applicant/holdings-proofs/{proofNo}', tag: 'Applicants', summary: 'One of my holdings proofs', access: APPLICANT,
      params: z.strictObject({ proofNo: zHoldingsProofNumber }),
      response: { status: 200, description: 'The proof', schema: S.zHoldingsProof },
      handle: async (c) => ({ body: await d.holder.proof(citizenCalling(c), c.params.proofNo) }),
    }),
    route<{ proofNo: string }>({
      operationId: 'getMyHoldingsProofPdf', method: 'get', path: '/applicant/holdings-proofs/{proofNo}/pdf', tag: 'Applicants',
      summary: "One of my holdings proofs as a PDF: GET /verify/{sha256} answers VALID, then EXPIRED after its validity; another person's answers 404", access: APPLICANT,
      params: z.strictObject({ proofNo: zHoldingsProofNumber }),
      response: { status: 200, description: 'PDF bytes', schema: S.zPdfFile, contentType: 'application/pdf', verbatim: true },
      handle: async (c) => sendPdf(c, c.params.proofNo, await d.holder.proofPdf(citizenCalling(c), c.params.proofNo, c.requestId)),
    }),
    route({
      operationId: 'getIssuerKeys', method: 'get', path: '/issuer-keys', tag: 'Public', summary: "The registry offices' seal keys as a JWKS, current and retired (public; also at /.well-known/jwks.json)", access: PUBLIC,
      response: { status: 200, description: 'Key set', schema: S.zIssuerKeySet },
      handle: async () => ({ body: d.issuerKeys.keySet() }),
    }),
    route<Record<string, never>, Record<string, never>, { office: string }>({
      operationId: 'rotateIssuerKey', method: 'post', path: '/admin/issuer-keys/rotate', tag: 'Admin',
      summary: "Retire a registry office's seal key and create its successor; seals the old key made for documents issued before keep verifying", access: scope('issuerkeys.admin'),
      body: z.strictObject({ office: z.string().trim().min(1).max(60).meta({ example: OFFICE_EXAMPLE }) }),
      response: { status: 200, description: 'The new key', schema: S.zIssuerKey },
      handle: async (c) => ({ body: await d.issuerKeys.rotate(c.body.office, d.clock.now()) }),
    }),
  ];
}
