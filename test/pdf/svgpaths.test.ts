import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { DeflateMemo } from '../../src/deflate.js';
import { drawSvg, placeSvgForm, svgForm } from '../../src/pdf/svg.js';
import { pathOps, pathsOnly, viewport } from '../../src/pdf/svgpaths.js';

describe('SVG path data as PDF operators', () => {
  it('makes relative, implicit and run-together numbers absolute', () => {
    // Standard Ebooks' traced drawings write numbers run together: "264.526.203" is 264.526 and .203.
    expect(pathOps('M264.526.203c-.16.411.274 1.257 1.051 2.057z', 3)).toBe('264.526 0.203 m\n264.366 0.614 264.8 1.46 265.577 2.26 c\nh\n');
    expect(pathOps('M10 10 H 50 V 30 h-10 v5 L 10 10 Z m5 5 1 1', 2)).toBe('10 10 m\n50 10 l\n50 30 l\n40 30 l\n40 35 l\n10 10 l\nh\n15 15 m\n16 16 l\n');
    expect(pathOps('M1e2 1.5e-1 l2e1,0', 2)).toBe('100 0.15 m\n120 0.15 l\n');
  });

  it('raises quadratics to cubics and reflects the control point of S and T', () => {
    expect(pathOps('M0 0 Q 10 10 20 0 T 40 0', 3)).toBe('0 0 m\n6.667 6.667 13.333 6.667 20 0 c\n26.667 -6.667 33.333 -6.667 40 0 c\n');
    expect(pathOps('M0 0 C 0 10 10 10 10 0 S 20 -10 20 0', 3)).toBe('0 0 m\n0 10 10 10 10 0 c\n10 -10 20 -10 20 0 c\n');
  });

  it('draws an arc as cubics of a quarter turn at most, reading flags written together', () => {
    // A quarter circle of radius 10 about the origin: the control points at 0.5523 of the radius.
    expect(pathOps('M10 0 A10 10 0 0 1 0 10', 4)).toBe('10 0 m\n10 5.5228 5.5228 10 0 10 c\n');
    // "1050 50": the large-arc flag 1, the sweep flag 0, then 50 50.
    expect(pathOps('M0 0a25 25 0 1050 50', 2)!.split('\n').filter((l) => l.endsWith(' c'))).toHaveLength(3);
  });

  it('gives up on data with an error (svg-to-pdfkit then draws up to it)', () => {
    expect(pathOps('M0 0 L', 2)).toBeUndefined();
    expect(pathOps('10 10', 2)).toBeUndefined();
    expect(pathOps('M0 0 Z 5 5', 2)).toBeUndefined();
  });
});

describe('SVGs made of paths alone', () => {
  const svg = (body: string, root = 'viewBox="0 0 100 50"') => `<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" ${root}>\n<title>A &amp; B</title>\n${body}\n</svg>\n`;

  it('inherit paint from groups and set transforms around what they hold', () => {
    const p = pathsOnly(svg('<g fill="#f00" transform="translate(10 5) scale(2)"><path d="M0 0h10v10z"/><path stroke="black" stroke-width="2" fill="none" d="M0 0 L5 5"/></g>'));
    expect(p?.viewBox).toEqual([0, 0, 100, 50]);
    expect(p?.ops).toBe('q\n2 0 0 2 10 5 cm\nq\n1 0 0 rg\n0 0 m\n10 0 l\n10 10 l\nh\nf\nQ\nq\n0 0 0 RG\n2 w\n0 J\n0 j\n4 M\n0 0 m\n5 5 l\nS\nQ\nQ\n');
  });

  it('write coordinates to a ten-thousandth of the drawing, whatever its units', () => {
    expect(pathsOnly(svg('<path d="M0.123456 0h1"/>', 'viewBox="0 0 1 1"'))?.ops).toContain('0.1235 0 m');
    expect(pathsOnly(svg('<path d="M123.456 0h1"/>', 'viewBox="0 0 5000 5000"'))?.ops).toContain('123.5 0 m');
  });

  it('are drawn as the last build drew them when a memo has them: the same object, the paths not read again', async () => {
    const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><path d="M0 0 C 10 20 30 20 40 0 z" fill="#335"/></svg>`);
    /** The form object of a one-page document that places the SVG, as written (compressed, as builds write it). */
    const formObject = async (memo?: DeflateMemo) => {
      const doc = new PDFDocument({ size: [200, 100], margin: 0 });
      const chunks: Buffer[] = [];
      doc.on('data', (c: Buffer) => chunks.push(c));
      const done = new Promise((resolve) => doc.on('end', resolve));
      placeSvgForm(doc, svgForm(doc, svg, 2, 'Sv1', memo)!, 0, 0, 200, 100);
      doc.end();
      await done;
      const raw = Buffer.concat(chunks).toString('latin1');
      return /\d+ 0 obj\n<<\n\/Type \/XObject\n\/Subtype \/Form[\s\S]*?endstream/.exec(raw)![0];
    };
    const memo = new DeflateMemo();
    const plain = await formObject();
    expect(await formObject(memo)).toBe(plain);
    expect(memo.misses).toBe(1);
    expect(await formObject(memo)).toBe(plain);
    expect(memo.hits).toBe(1);
    // A memo that knows an SVG is not paths alone says so again.
    expect(svgForm(new PDFDocument(), Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>'), 1, 'Sv2', memo)).toBeUndefined();
  });

  it('are shown whole in a viewport of their own shape, centred', () => {
    expect(viewport([0, 0, 100, 50], 2)).toEqual([0, 0, 100, 50]);
    // width="200" height="50" with that viewBox: a wider viewport, the drawing in its middle.
    expect(viewport([0, 0, 100, 50], 4)).toEqual([-50, 0, 150, 50]);
    expect(viewport([10, 10, 100, 50], 1)).toEqual([10, -15, 110, 85]);
  });

  it('leave everything else to svg-to-pdfkit', () => {
    for (const body of [
      '<rect width="10" height="10"/>',
      '<path style="fill:red" d="M0 0h1"/>',
      '<path class="x" d="M0 0h1"/>',
      '<path fill="url(#g)" d="M0 0h1"/>',
      '<path fill="currentColor" d="M0 0h1"/>',
      '<path opacity="0.5" d="M0 0h1"/>',
      '<path d="M0 0 L"/>',
      '<use href="#a"/>',
      '<svg viewBox="0 0 1 1"><path d="M0 0h1"/></svg>',
      '<path d="M0 0h1"><path d="M0 0h1"/></path>',
      '<path id="a&amp;b" d="M0 0h1"/>',
      'words',
      '<![CDATA[x]]>',
    ]) expect(pathsOnly(svg(body)), body).toBeUndefined();
    expect(pathsOnly(svg('<path d="M0 0h1"/>', 'viewBox="0 0 1 1" preserveAspectRatio="none"'))).toBeUndefined();
    expect(pathsOnly(svg('<path d="M0 0h1"/>', 'width="10" height="10"'))).toBeUndefined();
  });

  it('look as svg-to-pdfkit draws them', () => {
    // Curves of every kind, arcs, a group's transform, even-odd filling and a stroke: drawn by the fast
    // path, then again by svg-to-pdfkit (a rect of no size sends it there), and both pages compared.
    const body = `<g transform="rotate(-8 60 40)" fill="#224488">
  <path fill-rule="evenodd" d="M10 10h80v60h-80z M30 25h40v30h-40z"/>
  <path fill="none" stroke="#aa2200" stroke-width="3" stroke-linejoin="round" d="M5 75 Q 30 40 55 75 T 105 75 C 110 60 120 60 125 75 S 140 90 145 75"/>
  <path fill="#000" d="M120 20 a15 10 30 1 0 20 10 A 8 8 0 0 1 120 20z"/>
</g>`;
    const fast = svg(body, 'viewBox="0 0 150 100"');
    const slow = svg(`${body}<rect width="0" height="0"/>`, 'viewBox="0 0 150 100"');
    expect(pathsOnly(fast)).toBeDefined();
    expect(pathsOnly(slow)).toBeUndefined();
    const doc = new PDFDocument({ size: [300, 200], margin: 0, compress: false });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise((resolve) => doc.on('end', resolve));
    const form = svgForm(doc, Buffer.from(fast), 1.5, 'Sv1')!;
    placeSvgForm(doc, form, 0, 0, 300, 200);
    doc.addPage({ size: [300, 200], margin: 0 });
    drawSvg({ doc, font: () => 'Helvetica' }, slow, 0, 0, 300, 200);
    // Shown again on a third page: the same form, drawn once.
    doc.addPage({ size: [300, 200], margin: 0 });
    placeSvgForm(doc, form, 0, 0, 300, 200);
    doc.end();
    return done.then(() => {
      const dir = mkdtempSync(join(tmpdir(), 'svgpaths-'));
      const pdf = join(dir, 'both.pdf');
      writeFileSync(pdf, Buffer.concat(chunks));
      const page = (n: number) => {
        const pgm = execFileSync('pdftoppm', ['-gray', '-r', '72', '-f', String(n), '-l', String(n), pdf]);
        const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString('latin1'))!;
        return pgm.subarray(header[0].length);
      };
      const [a, b] = [page(1), page(2)];
      expect(a.length).toBe(b.length);
      expect(page(3).equals(a)).toBe(true);
      const raw = Buffer.concat(chunks).toString('latin1');
      expect(raw.match(/\/Subtype \/Form/g)).toHaveLength(1);
      expect(raw.match(/\/Sv1 Do/g)).toHaveLength(2);
      const inked = [...a].filter((v) => v < 128).length;
      let differing = 0;
      for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > 64) differing++;
      // The drawing covers a good part of the page, and the two differ at most in a few edge pixels.
      expect(inked).toBeGreaterThan(a.length / 10);
      expect(differing).toBeLessThan(a.length / 500);
    });
  });
});
