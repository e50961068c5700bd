import { slugify } from '../slug.js';
import type { NameSuggestion } from './suggest.js';

/**
 * The suggestions as a draft names registry in samizdat's own format (see registry.ts), for the editor
 * to save beside the manuscript, review and edit: one entry per suggested person, with an id made
 * from the name, a guessed inverted heading ('Luxemburg, Rosa'; a Chinese or Korean name as written,
 * family name first: 'Mei Yao-chʽên'), the forms found (possessives
 * dropped: the matcher finds 'Luxemburg’s' from 'Luxemburg') and a comment with the count and the
 * first position. What is not judged a person follows as comments. samizdat never writes this file.
 */
export function draftRegistry(manuscript: string, suggestions: readonly NameSuggestion[]): string {
  const out = [
    `# Draft names registry for ${manuscript}, from samizdat names suggest --yaml.`,
    '# Headings are guesses (surname first): check each, remove what is not a person, add dates,',
    '# then save this beside the manuscript and name it in the front matter: names: <file>.names.yaml',
  ];
  const used = new Set<string>();
  for (const s of suggestions.filter((s) => s.kind === 'person')) {
    const base = slugify(s.name) || 'person';
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    const forms = [...new Set(s.forms.map((f) => f.replace(/['’]s?$/, '')))];
    out.push(`${id}:  # ×${s.count}, first at ${s.line}:${s.column}`, `  heading: ${scalar(s.familyFirst ? s.name : invertedHeading(s.name))}`, `  forms: [${forms.map(flowScalar).join(', ')}]`);
  }
  const others = suggestions.filter((s) => s.kind !== 'person');
  if (others.length > 0) {
    out.push('', '# Not persons, judging by the text (move any person up as an entry):');
    for (const s of others) out.push(`#   ${s.name} (${s.kind}, ×${s.count}, ${s.line}:${s.column})`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * 'Rosa Luxemburg' → 'Luxemburg, Rosa'; 'W. G. Ward' → 'Ward, W. G.'. A single name, a regnal name
 * or a byname stays as it is ('Agathocles', 'Louis the Twelfth', 'Pius III', 'Philip of Macedon').
 */
export function invertedHeading(name: string): string {
  const words = name.split(' ');
  if (words.length < 2 || / the | of /.test(` ${name} `) || /^[IVXLC]+$/.test(words.at(-1)!) || /\.$/.test(words[0]) && words.length === 2 && !/^\p{Lu}\.$/u.test(words[0])) return name;
  return `${words.at(-1)}, ${words.slice(0, -1).join(' ')}`;
}

/** A YAML plain scalar where that reads back as the same text, else a double-quoted one. */
function scalar(s: string): string {
  return /^[\p{L}][^\n#:"]*$/u.test(s) && !/\s$/.test(s) ? s : JSON.stringify(s);
}

/** The same inside a flow list ('[a, b]'), where commas and brackets end a plain scalar. */
function flowScalar(s: string): string {
  return /^[\p{L}][^\n#:",[\]{}]*$/u.test(s) && !/\s$/.test(s) ? s : JSON.stringify(s);
}
