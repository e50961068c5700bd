import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import type { Inline } from '../../src/model/inline.js';
import { allFaces, facePath, Fonts } from '../../src/text/fonts.js';
import type { Line } from '../../src/typeset/types.js';
import { BODY, measure, setParagraph } from './helpers.js';

const FONTS = new Fonts();

const BODY_FEATURES = ['kern', 'liga', 'onum'];

/** Sum of fontkit's glyph advances (kerning included) in points. */
function advances(text: string, face: string, size: number, features: string[]): number {
  const font = FONTS.font(face);
  const run = font.layout(text, features);
  return (run.positions.reduce((s, p) => s + p.xAdvance, 0) * size) / font.unitsPerEm;
}

describe('measure', () => {
  const words = ['office', 'AVA', 'Tsaritsyn', '1953', 'affluent', 'Stalin’s', 'WAVE', 'coup d’état', 'Иосиф', 'Νίκος'];

  it('equals the sum of fontkit advances with the same features', () => {
    for (const face of ['regular', 'italic', 'bold', 'boldItalic', 'mono'])
      for (const w of words) expect(measure(w, face, 11, BODY_FEATURES), `${face} ${w}`).toBeCloseTo(advances(w, face, 11, BODY_FEATURES), 9);
  });

  it('applies kerning, ligatures and old-style figures (the widths differ without them)', () => {
    expect(measure('AVA', 'regular', 11, BODY_FEATURES)).toBeLessThan(measure('A', 'regular', 11, []) * 2 + measure('V', 'regular', 11, []) - 0.1);
    expect(FONTS.font('regular').layout('office', BODY_FEATURES).glyphs.length).toBe(4); // o ffi c e
    const figures = (features: string[]) => FONTS.font('regular').layout('1953', features).glyphs.map((g) => g.name);
    expect(figures(BODY_FEATURES)).not.toEqual(figures(['lnum']));
  });

  it("equals pdfkit's own width for the same face, size and features", () => {
    const doc = new PDFDocument({ autoFirstPage: false });
    for (const f of allFaces()) doc.registerFont(f, facePath(f));
    for (const face of ['regular', 'italic', 'bold', 'boldItalic', 'mono'])
      for (const w of words) {
        doc.font(face).fontSize(10.5);
        expect(doc.widthOfString(w, { features: BODY_FEATURES } as PDFKit.Mixins.TextOptions), `${face} ${w}`).toBeCloseTo(measure(w, face, 10.5, BODY_FEATURES), 9);
      }
  });

  it.runIf(hasPoppler())('puts every drawn line where the setter says: pdftotext finds the words at the run positions', async () => {
    const inl: Inline[] = [
      { kind: 'text', text: 'Stalin chose Malenkov as the most faithful projection of his own political ego. Of course, Malenkov did not have Stalin’s rich revolutionary experience; in 1924 the slogan was ‘Lenin is dead, long live Leninism!’, and the ' },
      { kind: 'emph', children: [{ kind: 'text', text: 'affluent office' }] },
      { kind: 'text', text: ' of the AVA WAVE — a very long sentence indeed, to give several justified lines.' },
    ];
    const lines = setParagraph(inl, BODY);
    const drawn = await drawAndExtract(lines);
    let compared = 0;
    lines.forEach((l, n) => {
      const y = 100 + 20 * n;
      const onLine = drawn.filter((w) => Math.abs(w.yMax - y) < 6).sort((a, b) => a.xMin - b.xMin);
      const left = Math.min(...l.runs.map((r) => r.x));
      const right = Math.max(...l.runs.map((r) => r.x + r.width));
      expect(onLine[0].xMin, `line ${n} left`).toBeCloseTo(50 + left, 2);
      expect(onLine[onLine.length - 1].xMax, `line ${n} right`).toBeCloseTo(50 + right, 2);
      compared++;
    });
    expect(compared).toBe(lines.length);
    expect(lines.length).toBeGreaterThan(3);
  });
});

function hasPoppler(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Draw lines with pdfkit as the page builder does (each run at its x, its features and scale), then read the word boxes back. */
async function drawAndExtract(lines: Line[]): Promise<{ xMin: number; xMax: number; yMax: number; text: string }[]> {
  const file = join(mkdtempSync(join(tmpdir(), 'typeset-')), 'lines.pdf');
  const doc = new PDFDocument({ size: [420, 600], margin: 0 });
  for (const f of allFaces()) doc.registerFont(f, facePath(f));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => doc.on('end', resolve));
  lines.forEach((l, n) => {
    for (const r of l.runs) {
      doc.font(r.face).fontSize(r.size);
      doc.text(r.text, 50 + r.x, 100 + 20 * n, { lineBreak: false, baseline: 'alphabetic', features: r.features, horizontalScaling: r.scale * 100 } as PDFKit.Mixins.TextOptions);
    }
  });
  doc.end();
  await done;
  writeFileSync(file, Buffer.concat(chunks));
  const xml = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  return [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    xMin: Number(m[1]),
    xMax: Number(m[3]),
    yMax: Number(m[4]),
    text: m[5],
  }));
}
