/**
 * The PDF document whose page streams are deflated elsewhere (src/vendor.ts pdfDocument): the bytes
 * are those of a deflate in line, and a stream that never comes fails the drawing instead of leaving
 * it waiting.
 */
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pdfDocument } from '../../src/vendor.js';

interface Doc {
  addPage(): void;
  text(s: string, x: number, y: number): void;
  on(event: string, f: (x?: unknown) => void): void;
  end(): void;
  settled(n: number): Promise<void>;
}

/** A document of `pages` pages, its bytes once it ends, and the document to wait on. */
function draw(pages: number, deflate: (data: Uint8Array) => Uint8Array | Promise<Uint8Array>) {
  const doc = pdfDocument({ autoFirstPage: false, info: { CreationDate: new Date(0) } }, '<x:xmpmeta/>', deflate) as Doc;
  const chunks: Buffer[] = [];
  doc.on('data', (c) => chunks.push(c as Buffer));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', (e) => reject(e));
  });
  bytes.catch(() => {});
  for (let i = 0; i < pages; i++) {
    doc.addPage();
    doc.text(`Page ${i + 1}`, 72, 72);
  }
  return { doc, bytes };
}

describe('page streams deflated elsewhere', () => {
  it('give the bytes of a deflate in line, streams arriving in any order', async () => {
    const inline = draw(6, (d) => zlib.deflateSync(d));
    inline.doc.end();
    // Later pages' streams come first: what pdfkit writes after each waits for it.
    let n = 0;
    const late = draw(6, (d) => new Promise((resolve) => setTimeout(() => resolve(zlib.deflateSync(d)), 30 - 5 * n++)));
    await late.doc.settled(64);
    late.doc.end();
    expect((await late.bytes).equals(await inline.bytes)).toBe(true);
  });

  it('a stream that never comes fails the drawing (settled and the document reject), no wait for ever', async () => {
    const failing = draw(4, () => Promise.reject(new Error('the deflate thread ended')));
    await expect(failing.doc.settled(0)).rejects.toThrow('the deflate thread ended');
    await expect(failing.bytes).rejects.toThrow('the deflate thread ended');
  });
});
