import { describe, expect, it } from 'vitest';
import { isAppError } from '@cutaway/shared';
import { decode, encode, peekEnvelope } from '../src/codec/index';

const codeOf = (xml: string) => {
  try {
    decode(xml);
    return 'decoded';
  } catch (err) {
    return isAppError(err) ? `${err.code}: ${err.message}` : `not an AppError: ${String(err)}`;
  }
};

describe('MOS codec errors carry a code and a path', () => {
  it('malformed XML, unknown messages and missing fields', () => {
    expect(codeOf('<mos><mosID>a</mosID><roCreate><roID>1</roID></mos>')).toMatch(/^mos\.parse_failed: Malformed XML/);
    expect(codeOf('<mos><mosID>a</mosID><roFrobnicate/></mos>')).toBe('mos.message_unknown: Unknown message type roFrobnicate');
    expect(codeOf('<mos><mosID>a</mosID></mos>')).toBe('mos.message_unknown: The <mos> message holds no message element');
    expect(codeOf('<mos><roCreate><roSlug>x</roSlug></roCreate></mos>')).toBe('mos.parse_failed: mos.roCreate.roID is required');
    expect(codeOf('<mos><roCreate><roID>1</roID><story><storyID>a</storyID></story><story><storySlug>b</storySlug></story></roCreate></mos>')).toBe('mos.parse_failed: mos.roCreate.story[1].storyID is required');
    expect(codeOf('<mos><roCreate><roID>1</roID><story><storyID>a</storyID><item><itemID>1</itemID><itemEdDur>abc</itemEdDur></item></story></roCreate></mos>')).toBe('mos.parse_failed: mos.roCreate.story[0].item[0].itemEdDur is not a number: "abc"');
    expect(codeOf('<mos><roElementAction operation="EXPLODE"><roID>1</roID></roElementAction></mos>')).toMatch(/^mos\.parse_failed: mos\.roElementAction@operation must be one of/);
  });

  it('keeps ids as text (007 stays 007) and reads hex messageIDs', () => {
    const doc = decode('<mos><mosID>m</mosID><ncsID>n</ncsID><messageID>0x1F</messageID><roDelete><roID>007</roID></roDelete></mos>');
    expect(doc).toEqual({ envelope: { mosId: 'm', ncsId: 'n', messageId: 31 }, message: { type: 'roDelete', roId: '007' } });
  });

  it('peekEnvelope finds the messageID of a message too broken to decode', () => {
    expect(peekEnvelope('<mos><mosID>m</mosID><ncsID>n</ncsID><messageID>77</messageID><roCreate><roID>1</roCreate></mos>')).toEqual({ mosId: 'm', ncsId: 'n', messageId: 77 });
  });

  it('escapes text on the way out and drops characters XML cannot carry', () => {
    const xml = encode({ mosId: 'm', ncsId: 'n', messageId: 1 }, { type: 'roAck', roId: 'A&B <1>', roStatus: 'bad\u0001 "x"', items: [] });
    expect(xml).toBe('<mos><mosID>m</mosID><ncsID>n</ncsID><messageID>1</messageID><roAck><roID>A&amp;B &lt;1&gt;</roID><roStatus>bad &quot;x&quot;</roStatus></roAck></mos>');
    expect(decode(xml).message).toEqual({ type: 'roAck', roId: 'A&B <1>', roStatus: 'bad "x"', items: [] });
  });
});
