import * as validators from '../../src/domain/validators';

describe('validators index', () => {
  it('re-exports every public function and schema', () => {
    const names = [
      'checkPassed',
      'checkFailed',
      'surfaceProblem',
      'PROVINCE_CODES',
      'PROVINCE_ABBREVIATIONS',
      'isProvinceCode',
      'isMainlandProvinceCode',
      'isProvinceAbbreviation',
      'checkIsoDate',
      'addDays',
      'isoDateInChina',
      'checkUnitNumber',
      'formatUnitNumber',
      'checkResidentId',
      'residentIdCheckChar',
      'maskResidentId',
      'maskName',
      'checkCreditCode',
      'creditCodeCheckChar',
      'orgCodeCheckChar',
      'checkCertificateNumber',
      'formatCertificateNumber',
      'checkMoney',
      'formatFen',
      'checkArea',
      'checkHouseCode',
      'checkPartyName',
      'zUnitNumber',
      'zResidentId',
      'zCreditCode',
      'zCertificateNumber',
      'zMoney',
      'zArea',
      'zIsoDate',
      'zHouseCode',
      'zPartyId',
      'zPartyIdAt',
    ];
    for (const name of names) expect(validators).toHaveProperty(name);
  });
});
