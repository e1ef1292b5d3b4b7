import { pendingStage } from '../src/channels/item-stage';

describe('a pending batch item shows the step its registration waits for', () => {
  it('waits to be applied while no registration is projected', () => {
    expect(pendingStage(null)).toBe('APPLY');
  });

  it('follows the registration through intake, review and recording', () => {
    expect(pendingStage('APPLIED')).toBe('ACCEPT');
    expect(pendingStage('ACCEPTED')).toBe('REVIEW');
    expect(pendingStage('REVIEWED')).toBe('RECORD');
    expect(pendingStage('RECORDED')).toBe('DONE');
  });

  it('is done once the registration was refused, while the worker writes the item result', () => {
    expect(pendingStage('NOT_ACCEPTED')).toBe('DONE');
    expect(pendingStage('REFUSED')).toBe('DONE');
  });
});
