import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EpubCheck } from '@likecoin/epubcheck-ts';
import { afterAll, describe, expect, it } from 'vitest';
import { Diagnostics, formatDiagnostic } from '../../src/diagnostics.js';
import { parseManuscript } from '../../src/parse/manuscript.js';
import { buildEpub, unzip } from '../epub/helpers.js';
import { checkSvg } from '../../src/load/svg.js';

const NS = 'xmlns="http://www.w3.org/2000/svg"';

/** Hostile SVGs: each is refused, saying what it holds and where (its line and column in the SVG). */
const hostile: [string, string, string][] = [
  ['a script', `<svg ${NS} width="10" height="10">\n  <script>fetch('https://evil.example/')</script>\n</svg>`, 'a <script> element at 2:3'],
  ['an onload handler', `<svg ${NS} width="10" height="10" onload="alert(1)"/>`, 'an event handler onload="…" on <svg> at 1:1'],
  ['an onclick on a shape', `<svg ${NS} width="10" height="10">\n<rect width="5" height="5"\n   onclick="x()"/></svg>`, 'an event handler onclick="…" on <rect> at 2:1'],
  ['an external href', `<svg ${NS} width="10" height="10"><image href="https://evil.example/a.png" width="5" height="5"/></svg>`, 'a reference href="https://evil.example/a.png" to outside the file on <image> at 1:64'],
  ['an external xlink:href', `<svg ${NS} xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><use xlink:href="other.svg#a"/></svg>`, 'a reference xlink:href="other.svg#a" to outside the file on <use> at 1:107'],
  // An SVG or a page inside could hold scripts of its own; only a PNG or JPEG may be written into the file.
  ['a data: SVG', `<svg ${NS} width="10" height="10"><image href="data:image/svg+xml;base64,AAAA"/></svg>`, 'a data: URL href="data:image/svg+xml;base64,AAAA" on <image> that is no PNG or JPEG in base64 at 1:64'],
  ['a data: page', `<svg ${NS} width="10" height="10"><image href="data:text/html,&lt;script>"/></svg>`, 'a data: URL href="data:text/html,<script>" on <image> that is no PNG or JPEG in base64 at 1:64'],
  ['an <!ENTITY> (billion laughs)', `<?xml version="1.0"?>\n<!DOCTYPE svg [\n  <!ENTITY lol "lol">\n]>\n<svg ${NS} width="10" height="10"><text>&lol;</text></svg>`, 'a DOCTYPE (it can declare entities and fetch files) at 2:1'],
  ['an external entity', `<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg ${NS} width="1" height="1">&x;</svg>`, 'a DOCTYPE (it can declare entities and fetch files) at 1:1'],
  ['foreignObject', `<svg ${NS} width="10" height="10">\n\t<foreignObject width="5" height="5"><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>\n</svg>`, 'a <foreignObject> element at 2:2'],
  ['an xml-stylesheet', `<?xml-stylesheet href="https://evil.example/s.css"?>\n<svg ${NS} width="10" height="10"/>`, 'a processing instruction <?xml-stylesheet?> at 1:1'],
  ['a style @import', `<svg ${NS} width="10" height="10"><style>@import url(https://evil.example/s.css);</style></svg>`, 'a style that refers to outside the file (@import or url(…)) at 1:71'],
  ['a url() in a style attribute', `<svg ${NS} width="10" height="10"><rect style="fill:url(https://evil.example/p)"/></svg>`, 'a reference to outside the file in style="fill:url(https://evil.example/p)" on <rect> at 1:64'],
  // CSS escapes and comments, as a browser reads them: \75 rl( and u\rl( are url(, @\69mport is @import.
  ['an escaped url() in a style attribute', `<svg ${NS} width="10" height="10"><rect style="fill:\\75 rl(https://evil.example/p)"/></svg>`, 'a reference to outside the file in style="fill:\\75 rl(https://evil.example/p)" on <rect> at 1:64'],
  ['an escaped @import', `<svg ${NS} width="10" height="10">\n<style>@\\69mport "https://evil.example/s.css";</style></svg>`, 'a style that refers to outside the file (@import or url(…)) at 2:1'],
  ['an escaped url() in a style', `<svg ${NS} width="10" height="10"><style>rect { fill: u\\rl(https://evil.example/p) }</style></svg>`, 'a style that refers to outside the file (@import or url(…)) at 1:64'],
  ['an image-set() of a string', `<svg ${NS} width="10" height="10"><style>rect { fill: image-set("https://evil.example/p.png" 1x) }</style></svg>`, 'a style that refers to outside the file (@import or url(…)) at 1:64'],
  ['an @import split by a CDATA section', `<svg ${NS} width="10" height="10"><style>@imp<![CDATA[ort "https://evil.example/s.css";]]></style></svg>`, 'a style that refers to outside the file (@import or url(…)) at 1:64'],
  // <use> copies what it refers to: ten <g>s of ten <use>s of the one before are 10^6 rectangles (svg-to-pdfkit ran out of memory at 10^6).
  ['a <use> bomb', `<svg ${NS} width="10" height="10"><defs><rect id="l0" width="1" height="1"/>\n${[1, 2, 3, 4, 5, 6].map((i) => `<g id="l${i}">${`<use href="#l${i - 1}"/>`.repeat(10)}</g>`).join('\n')}\n</defs><use href="#l6"/></svg>`, '<use> elements that copy parts of the drawing into more than 20,000 elements in all (the first here) at 5:165'],
  ['a <use> that copies itself', `<svg ${NS} width="10" height="10">\n<g id="a"><rect width="1" height="1"/><use href="#b"/></g>\n<g id="b"><use href="#a"/></g></svg>`, 'a <use> that copies itself, or an element that holds it (a drawing without end) at 2:39'],
  ['an animation', `<svg ${NS} width="10" height="10"><set attributeName="x" to="1"/></svg>`, 'a <set> element at 1:64'],
  ['not SVG', '<html><body/></html>', 'no <svg> element in the SVG namespace at its root at 1:1'],
  ['no size', `<svg ${NS}><rect width="5" height="5"/></svg>`, 'no size: the <svg> element has neither width and height nor a viewBox at 1:1'],
  ['broken XML', `<svg ${NS} width="10" height="10"><rect></svg>`, 'XML that does not parse'],
];

describe('SVG images are checked as programmes', () => {
  it.each(hostile)('%s is refused', (_, svg, expected) => {
    const r = checkSvg(svg);
    expect('what' in r).toBe(true);
    if ('what' in r) expect(`${r.what} at ${r.line}:${r.column}`).toContain(expected);
  });

  it('a still picture passes, its size from width and height, else from its viewBox', () => {
    expect(checkSvg(`<?xml version="1.0"?>\n<!-- a map -->\n<svg ${NS} width="400" height="300"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="4" height="3"/><use href="#g"/><style>rect { fill: url(#g) }</style></svg>`)).toEqual({ width: 400, height: 300, lineArt: true });
    expect(checkSvg(`<svg ${NS} viewBox="0 0 100 400"/>`)).toEqual({ width: 100, height: 400, lineArt: true, viewBoxOnly: true });
    expect(checkSvg(`<svg ${NS} width="50" viewBox="0 0 100 400"/>`)).toEqual({ width: 50, height: 200, lineArt: true });
    expect(checkSvg(`<svg ${NS} width="3in" height="72pt"/>`)).toEqual({ width: 288, height: 96, lineArt: true });
  });

  it('a drawing in black, white and greys alone is line art, one with a colour or a picture in it is not', () => {
    const art = (inner: string, attrs = '') => { const r = checkSvg(`<svg ${NS} viewBox="0 0 10 10"${attrs}>${inner}</svg>`); return 'what' in r ? r.what : r.lineArt; };
    // Standard Ebooks' traced drawings: one path, painted black by default.
    expect(art('<title>Three triangles</title><path d="M0 0L5 5z"/>')).toBe(true);
    expect(art('<rect fill="#fff" width="10" height="10"/><path stroke="#333333" fill="none" d="M0 0L5 5"/><text fill="rgb(20, 20, 20)">A</text>')).toBe(true);
    expect(art('<path style="fill:black;stroke:grey;stroke-width:2" d="M0 0"/><style>path { stroke: #000 !important }</style>', ' color="black"')).toBe(true);
    expect(art('<linearGradient id="g"><stop stop-color="white"/><stop offset="1" stop-color="#000"/></linearGradient><rect fill="url(#g)" width="5" height="5"/>')).toBe(true);
    expect(art('<path fill="#c00" d="M0 0"/>')).toBe(false);
    expect(art('<path style="stroke:navy" d="M0 0"/>')).toBe(false);
    expect(art('<style>.sea { fill: rgb(0, 80, 200) }</style><path class="sea" d="M0 0"/>')).toBe(false);
    expect(art('<stop stop-color="#f80"/>')).toBe(false);
    expect(art('<image href="#photo" width="5" height="5"/>')).toBe(false);
    // Standard Ebooks' covers hold their painting so.
    expect(art('<image href="data:image/jpeg;base64,/9j/4AAQ" width="5" height="5"/>')).toBe(false);
  });

  // A traced drawing's path data (megabytes) is checked short; what follows it is checked all the same.
  const long = `M0 0${' c1.5-2 3 4.25.5.5'.repeat(200)}z`;
  it('long path data passes as it is, and what comes after it is still found at its place', () => {
    expect(checkSvg(`<svg ${NS} viewBox="0 0 10 20"><path d="${long}"/>\n<path d='${long}'/></svg>`)).toEqual({ width: 10, height: 20, lineArt: true, viewBoxOnly: true });
    const after = checkSvg(`<svg ${NS} viewBox="0 0 10 20"><path d="${long}"/><script>x()</script></svg>`);
    expect(after).toEqual({ what: 'a <script> element', line: 1, column: 73 + long.length });
    const handler = checkSvg(`<svg ${NS} viewBox="0 0 10 20">\n<path d="${long}" onclick="x()"/></svg>`);
    expect(handler).toMatchObject({ what: 'an event handler onclick="…" on <path>', line: 2, column: 1 });
    // Anything but path-data characters in it (an entity, markup) is read as it is.
    expect(checkSvg(`<svg ${NS} viewBox="0 0 10 20"><path d="${long}&x;"/></svg>`)).toMatchObject({ what: expect.stringContaining('XML that does not parse') });
    expect(checkSvg(`<svg ${NS} viewBox="0 0 10 20"><path d="${long}<"/></svg>`)).toMatchObject({ what: expect.stringContaining('XML that does not parse') });
    // In a comment, `--` is an error, which the comment made short would not have.
    expect(checkSvg(`<svg ${NS} viewBox="0 0 10 20"><!-- d="${long}--" --></svg>`)).toMatchObject({ what: expect.stringContaining('XML that does not parse') });
  });
});

describe('a hostile SVG in a manuscript', () => {
  const dir = mkdtempSync(join(tmpdir(), 'samizdat-svg-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is an error at the image’s line and column in the manuscript, naming the place in the SVG; nothing is fetched', () => {
    writeFileSync(join(dir, 'onload.svg'), `<svg ${NS} width="10" height="10"\n     onload="fetch('https://evil.example/')"/>`);
    writeFileSync(join(dir, 'good.svg'), `<svg ${NS} viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>`);
    writeFileSync(join(dir, 'book.md'), '---\ntitle: T\nauthor: A\nlanguage: en\n---\n\n![A circle](good.svg)\n\nSee ![a trap](onload.svg) here.\n');
    const diags = new Diagnostics();
    const book = parseManuscript(join(dir, 'book.md'), diags);
    expect(diags.list.map((d) => formatDiagnostic(d).replace(`${dir}/`, ''))).toEqual([
      "book.md:9:5: error: the SVG image 'onload.svg' holds an event handler onload=\"…\" on <svg> at its line 1, column 1 (samizdat draws only still pictures: remove scripts, event handlers, external references, <foreignObject>, entity declarations and animation from the SVG (or save it as plain SVG), then build again)",
    ]);
    const figure = book!.blocks[0];
    expect(figure.kind === 'figure' && figure.asset).toMatchObject({ mediaType: 'image/svg+xml', width: 10, height: 10 });
  });

  it('whose version EPUB does not allow says "1.1" in the EPUB\'s copy, with a note at its first use; the PDF draws it as it is', async () => {
    writeFileSync(join(dir, 'v1.svg'), `<?xml version="1.0"?>\n<svg ${NS} version="1" viewBox="0 0 10 10"><path d="M0 0h10v10z"/></svg>`);
    writeFileSync(join(dir, 'v11.svg'), `<svg ${NS} version='1.1' viewBox="0 0 10 10"><path d="M0 0h10v10z"/></svg>`);
    writeFileSync(join(dir, 'versions.md'), '---\ntitle: T\nauthor: A\nlanguage: en\n---\n\n![A square](v1.svg)\n\n![Another](v11.svg)\n\n![Again](v1.svg)\n');
    const diags = new Diagnostics();
    const book = parseManuscript(join(dir, 'versions.md'), diags);
    expect(diags.list.map((d) => formatDiagnostic(d).replace(`${dir}/`, ''))).toEqual([
      'versions.md:7:1: note: the SVG image \'v1.svg\' says version="1", which EPUB\'s SVG does not allow: the EPUB\'s copy says version="1.1"',
    ]);
    expect(book!.blocks.filter((b) => b.kind === 'figure' && b.asset)).toHaveLength(3);
    const files = await unzip(await buildEpub(join(dir, 'versions.md')));
    const copies = [...files].filter(([name]) => name.endsWith('.svg')).map(([, bytes]) => Buffer.from(bytes as Uint8Array).toString('utf8'));
    expect(copies).toEqual([
      `<?xml version="1.0"?>\n<svg ${NS} version="1.1" viewBox="0 0 10 10"><path d="M0 0h10v10z"/></svg>`,
      `<svg ${NS} version='1.1' viewBox="0 0 10 10"><path d="M0 0h10v10z"/></svg>`,
    ]);
    const result = await EpubCheck.validate(await buildEpub(join(dir, 'versions.md')));
    expect(result.messages.filter((m) => m.severity === 'error' || m.severity === 'fatal').map((m) => m.message)).toEqual([]);
  });
});
