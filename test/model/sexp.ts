import type { Block, Inline } from '../../src/model/index.js';

/** A compact, reviewable rendering of the model for fixture files: one block per line, inlines as (kind …). */
export function blocksToSexp(blocks: readonly Block[], indent = ''): string {
  return blocks.map((b) => blockToSexp(b, indent)).join('\n');
}

function blockToSexp(b: Block, indent: string): string {
  const i2 = `${indent}  `;
  switch (b.kind) {
    case 'heading':
      return `${indent}(h${b.level} #${b.id} ${inlinesToSexp(b.children)})`;
    case 'paragraph':
      return `${indent}(p #${b.id} ${inlinesToSexp(b.children)})`;
    case 'blockquote':
      return `${indent}(${b.epigraph ? 'epigraph' : 'quote'}\n${blocksToSexp(b.children, i2)})`;
    case 'list':
      return `${indent}(${b.ordered ? `ol ${b.start}` : 'ul'}\n${b.items.map((it) => `${i2}(li\n${blocksToSexp(it, `${i2}  `)})`).join('\n')})`;
    case 'definitions':
      return `${indent}(dl\n${b.items.map((it) => [`${i2}(dt #${it.term.id} ${inlinesToSexp(it.term.children)})`, ...it.definitions.map((d) => `${i2}(dd\n${blocksToSexp(d, `${i2}  `)})`)].join('\n')).join('\n')})`;
    case 'code':
      return `${indent}(code #${b.id} ${JSON.stringify(b.text)})`;
    case 'rule':
      return `${indent}(rule)`;
    case 'figure':
      return `${indent}(figure #${b.id} ${JSON.stringify(b.src)} alt=${JSON.stringify(b.alt)})`;
    case 'table':
      return `${indent}(table align=${b.align.map((a) => a || '-').join(',')}${b.caption ? ` caption=(#${b.caption.id} ${inlinesToSexp(b.caption.children)})` : ''}\n${b.rows.map((r, k) => `${i2}(${k < b.head ? 'th' : 'tr'} ${r.map((c) => `(#${c.id} ${inlinesToSexp(c.children)})`).join(' ')})`).join('\n')})`;
  }
}

export function inlinesToSexp(inlines: readonly Inline[]): string {
  return inlines
    .map((n): string => {
      switch (n.kind) {
        case 'text':
          return JSON.stringify(n.text);
        case 'code':
          return `(code ${JSON.stringify(n.text)})`;
        case 'break':
          return '(br)';
        case 'noteRef':
          return `(noteref ${n.number} #${n.id} -> ${n.noteId})`;
        case 'image':
          return `(img ${JSON.stringify(n.src)} alt=${JSON.stringify(n.alt)})`;
        case 'link':
          return `(link ${JSON.stringify(n.href)} ${inlinesToSexp(n.children)})`;
        case 'mention':
          return `(mention ${n.personId} #${n.id} ${inlinesToSexp(n.children)})`;
        case 'foreign':
          return `(foreign ${n.lang}${n.dir ? ` ${n.dir}` : ''} ${inlinesToSexp(n.children)})`;
        case 'anchor':
          return `(anchor #${n.id}${n.children.length ? ` ${inlinesToSexp(n.children)}` : ''})`;
        default:
          return `(${n.kind} ${inlinesToSexp(n.children)})`;
      }
    })
    .join(' ');
}
