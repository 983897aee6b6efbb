import { describe, expect, it } from 'vitest';
import { toUpload, toUploads } from './files';

describe('picked files', () => {
  it('are sent with their name and their bytes in base64', async () => {
    const file = new File([new Uint8Array([37, 80, 68, 70, 45, 0, 255])], 'sow.pdf');
    expect(await toUpload(file)).toEqual({ name: 'sow.pdf', content_base64: 'JVBERi0A/w==' });
  });

  it('keep their order', async () => {
    const uploads = await toUploads([new File(['a'], 'a.png'), new File(['b'], 'b.jpg')]);
    expect(uploads.map((u) => u.name)).toEqual(['a.png', 'b.jpg']);
  });
});
