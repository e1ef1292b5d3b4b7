import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addressParts } from '@estate-ledger/chaincode';
import { batchSource, readBatch } from '../src/legacy-register/batch-reader';
import { generateRegister } from '../src/legacy-register/generator/register-generator';
import { proposeLinks, type HouseholdToLink, type RegistryUnit } from '../src/linkage/linker';

describe('address normalisation', () => {
  test.each([
    ['人民南路２１１号１号楼１单元１０１', { building: 1, entrance: 1, room: '101' }],
    ['天悦府一栋一层102室', { building: 1, floor: 1, room: '102' }],
    ['南京市人民南路211号1-2-104', { building: 1, entrance: 2, room: '104' }],
    ['玄武区人民南路二百一十一号1幢1单元2楼01室', { building: 1, entrance: 1, floor: 2, room: '201' }],
    ['天悦府十二座二单元三层0302号', { building: 12, entrance: 2, floor: 3, room: '302' }],
  ])('%s', (address, parts) => {
    expect(addressParts(address)).toMatchObject(parts);
  });

  test('reads the same street number from Chinese numerals and full-width digits', () => {
    expect(addressParts('人民南路二百一十一号1幢1单元101').base).toBe(addressParts('人民南路２１１号１号楼１单元１０１').base);
  });
});

describe('the auto-linker on generated building tables with varied addresses', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'estate-linker-'));
  });
  afterAll(async () => dir && rm(dir, { recursive: true, force: true }));

  test('links automatically with precision of at least 99 % and queues the rest', async () => {
    await generateRegister(dir, { records: 8_000, seed: 11, asOf: '2026-06-30', defectRate: 0, format: 'csv' });
    const households: HouseholdToLink[] = [];
    const units: RegistryUnit[] = [];
    const truth = new Map<string, string>();
    for await (const r of readBatch(await batchSource(dir), undefined, ['household', 'unit'])) {
      if (r.type === 'household') {
        const f = r.fields;
        households.push({ houseCode: f.house_code, projectId: f.house_code.split('-').slice(0, 2).join('-'), district: f.house_code.slice(0, 6), location: f.address, building: f.building, floor: Number(f.floor), room: f.room, area: f.building_area });
      } else if (r.type === 'unit') {
        const f = r.fields;
        units.push({ unitNumber: f.unit_number, district: f.district, location: f.location, building: f.building, floor: Number(f.floor), room: f.room, area: f.building_area });
        if (f.house_code) truth.set(f.house_code, f.unit_number);
      }
    }
    const proposals = proposeLinks(households, units);
    expect(proposals).toHaveLength(households.length);
    const auto = proposals.filter((p) => p.decision === 'AUTO');
    const right = auto.filter((p) => truth.get(p.houseCode) === p.candidates[0].unitNumber);
    const queued = proposals.filter((p) => p.decision === 'QUEUED');
    expect(right.length / auto.length).toBeGreaterThanOrEqual(0.99);
    expect(auto.length + queued.length).toBe(households.length);
    // The linker must do most of the work, or the clerk's queue is the whole building table.
    expect(auto.length / households.length).toBeGreaterThan(0.5);
    process.stdout.write(`auto-linked ${auto.length} of ${households.length} (${right.length} right), queued ${queued.length}\n`);
  }, 120_000);
});
