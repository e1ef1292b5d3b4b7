import type { LedgerPort } from '../ledger/ledger-port';
import type { UnitRecord } from '../legacy-register/layout';

/** The registry's signer for links (挂接) and the housing authority's for building tables, as the chaincode requires. */
const REGISTRAR = { msp: 'RegistryMSP', role: 'registrar' } as const;
const SURVEYOR = { msp: 'HousingMSP', role: 'surveyor' } as const;

/** The developer a demo building table names (a building table must name one; the legacy register has none). */
const DEMO_DEVELOPER = { kind: 'ORG', name: '存量房屋演示开发企业', idNumber: '91350100M000100Y43' } as const;

const area = (s: string) => (Number(s) > 0 ? Number(s).toFixed(2) : undefined);

/**
 * For demonstrations and benchmarks where no housing-authority export is at hand: publishes, as
 * the housing authority, one building table per project of the legacy units' house codes
 * (`<district>-<project>-…`), and links each unit to its household as the registry, so the
 * migration has linked units to load onto. Real loads link through the linker instead.
 */
export async function publishAndLinkRegisterUnits(ledger: LedgerPort, units: UnitRecord[], concurrency = 32): Promise<number> {
  const projects = new Map<string, UnitRecord[]>();
  for (const u of units) {
    if (!u.fields.house_code) continue;
    const projectId = `LP-${u.fields.house_code.split('-').slice(0, 2).join('-')}`;
    (projects.get(projectId) ?? projects.set(projectId, []).get(projectId))?.push(u);
  }
  const parties = JSON.stringify({ d: DEMO_DEVELOPER });
  for (const [projectId, members] of projects) {
    for (let i = 0; i < members.length; i += 2000) {
      const chunk = members.slice(i, i + 2000);
      const households = chunk.map((u) => {
        const building = area(u.fields.building_area) ?? '1.00';
        return {
          houseCode: u.fields.house_code,
          floor: Number.parseInt(u.fields.floor, 10) || 1,
          room: u.fields.room,
          location: u.fields.location,
          use: u.fields.use,
          structure: u.fields.structure || '混合结构',
          areas: { building, inner: area(u.fields.inner_area) ?? building, shared: area(u.fields.shared_area) ?? '0.01' },
        };
      });
      await ledger.submit({
        identity: SURVEYOR,
        fn: 'BuildingTable:publishProject',
        args: [JSON.stringify({ projectId: i === 0 ? projectId : `${projectId}-${i / 2000}`, name: '存量房屋', district: chunk[0].fields.district, developer: 'd', buildings: [{ buildingId: 'B1', name: '存量', households }] })],
        transient: { parties },
      });
    }
  }
  const linkable = units.filter((u) => u.fields.house_code);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < linkable.length) {
        const u = linkable[next++];
        await ledger.submit({ identity: REGISTRAR, fn: 'BuildingTable:linkUnit', args: [JSON.stringify({ houseCode: u.fields.house_code, unitNumber: u.fields.unit_number })] });
      }
    }),
  );
  return linkable.length;
}
