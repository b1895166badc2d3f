import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ALLOWED_TYPES, ATTACHMENT_MAX_BYTES, rejectionOf, safeFileName } from '#functions/attachments/attachment.rules';
import { createAttachmentBody } from '#functions/attachments/attachment.schema';
import { contentDisposition } from '#shared/files/s3-file-store';

/** Names built from what attacks use (separators, CR/LF, bidi and zero-width controls, quotes, dots) and ordinary letters. */
const HOSTILE = ['/', '\\', '..', '.', '\r', '\n', '\u0000', '\u202E', '\u2066', '\u200B', '\uFEFF', '\u2028', '"', "'", ':', '*', '?', '<', '>', '|', ' ', '\t', 'a', 'Z', '9', '合', '同', 'é', '%0d'];
const hostileName = fc.array(fc.constantFrom(...HOSTILE), { maxLength: 40 }).map((pieces) => pieces.join(''));

describe('attachment rules', () => {
  it('keeps no path separator, control, format or quote character in any safe name (property)', () => {
    fc.assert(
      fc.property(hostileName, (raw) => {
        const name = safeFileName(`${raw}.pdf`);
        if (name === undefined) return;
        expect(name).not.toMatch(/[\\/"<>:|?*\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
        expect(name.startsWith('.')).toBe(false);
      }),
    );
  });

  it('gives a Content-Disposition whose ASCII part cannot break out and whose UTF-8 part is RFC 5987 attr-chars only', () => {
    // Act
    const header = contentDisposition("合同 (final)'s copy*.pdf");
    // Assess
    expect(header).toBe(`attachment; filename="__ (final)'s copy*.pdf"; filename*=UTF-8''%E5%90%88%E5%90%8C%20%28final%29%27s%20copy%2A.pdf`);
    expect(header).not.toMatch(/[\r\n]/);
  });

  it('refuses in the schema: a type off the allow-list, a size over 25 MiB or of 0, a name with nothing usable', () => {
    // Act
    const answer = (body: unknown) => createAttachmentBody.safeParse(body).error?.issues.map((issue) => issue.path.join('.'));
    // Assess
    expect(answer({ fileName: 'a.exe', contentType: 'application/x-msdownload', size: 10 })).toEqual(['contentType']);
    expect(answer({ fileName: 'a.pdf', contentType: 'application/pdf', size: ATTACHMENT_MAX_BYTES + 1 })).toEqual(['size']);
    expect(answer({ fileName: 'a.pdf', contentType: 'application/pdf', size: 0 })).toEqual(['size']);
    expect(answer({ fileName: '\u202E\u200B../', contentType: 'application/pdf', size: 1 })).toEqual(['fileName']);
    expect(answer({ fileName: 'a.pdf', contentType: 'application/pdf', size: 1 })).toBeUndefined();
  });

  it.each([
    ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], true],
    ['image/jpeg', [0xff, 0xd8, 0xff, 0xe0], true],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', [0x50, 0x4b, 0x03, 0x04], true],
    ['text/csv', [...new TextEncoder().encode('name,city\n张三,上海\n')], true],
    ['text/plain', [0x4d, 0x5a, 0x90, 0x00], false],
    ['image/png', [0xff, 0xd8, 0xff, 0xe0], false],
  ] as const)('sniffs %s', (type, bytes, fits) => {
    // Act
    const reason = rejectionOf({ contentType: type, size: bytes.length }, { size: bytes.length, start: new Uint8Array(bytes) });
    // Assess
    expect(reason === undefined).toBe(fits);
    expect(Object.keys(ALLOWED_TYPES)).toContain(type);
  });

  it('rejects an object over 25 MiB whatever was declared', () => {
    // Act + Assess
    expect(rejectionOf({ contentType: 'application/pdf', size: 10 }, { size: ATTACHMENT_MAX_BYTES + 1, start: new TextEncoder().encode('%PDF-') })).toMatch(/larger/);
  });
});
