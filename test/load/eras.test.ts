/**
 * Dates before the common era and dates not known exactly, as an editor of Plato or Herodotus writes them:
 * `written: 399 BC`, ISO 8601's `'-0398'` (which counts a year 0, so -0398 is 399 BC), `c. 399 BC`. They
 * were refused ('-0399' was "must be a date like '1953-04-14'"), leaving only `written_note`.
 */
import { describe, expect, it } from 'vitest';
import { checkValue } from '../../src/load/frontmatter.js';
import { FIELDS } from '../../src/load/schema.js';
import { PACKET_FIELDS } from '../../src/parse/packet.js';
import { formatDate, wordsFor } from '../../src/words.js';

const written = FIELDS.find((f) => f.key === 'written')!;
const modified = FIELDS.find((f) => f.key === 'modified')!;
const packetDate = PACKET_FIELDS.find((f) => f.key === 'date')!;
const check = (value: unknown, spec = written) => checkValue(spec, value, typeof value === 'string' ? `'${value}'` : String(value));

describe('a date before the common era in the front matter', () => {
  it.each([
    ['399 BC', '-0398'],
    ['399 BCE', '-0398'],
    ['399 B.C.', '-0398'],
    ['-0398', '-0398'],
    ['1 BC', '0000'],
    ['-0000', '0000'],
    ['AD 30', '0030'],
    ['30 CE', '0030'],
    ['c. 399 BC', '-0398~'],
    ['circa 399 BC', '-0398~'],
    ['about 1847', '1847~'],
    ['ca. 1847-12', '1847-12~'],
    ['1847~', '1847~'],
    ['-0398-05', '-0398-05'],
    ['-0400-02-29', '-0400-02-29'], // 401 BC: a leap year in the proleptic Gregorian calendar
  ])('%s is taken as %s (ISO 8601, a year 0 counted; EDTF’s ~ for a circa)', (value, iso) => {
    expect(check(value)).toEqual({ value: iso });
  });

  it('a three-digit negative year is refused, with both ways of writing the year meant and the year-zero offset said', () => {
    expect(check('-399')).toEqual({
      problem: "is not an ISO 8601 year: '-399'",
      hint: "ISO 8601 writes a year before the common era with four digits and counts a year 0 (1 BC): write '399 BC' or '-0398' for 399 BC",
    });
    expect(check(-399)).toMatchObject({ problem: "is not an ISO 8601 year: '-399'" });
  });

  it('a year 0 counted with BC and AD does not exist, nor a day that never was', () => {
    expect(check('0 BC')).toMatchObject({ problem: "has a year 0: '0 BC'" });
    expect(check('-0398-02-29')).toMatchObject({ problem: "is not a date that exists: '-0398-02-29'" });
  });

  it('a malformed date that looks like one before the era gets the era’s hint; an ordinary one keeps its hint', () => {
    expect(check('399 B.C')).toMatchObject({ hint: expect.stringContaining("write '399 BC' (or ISO 8601's '-0398'") });
    expect(check('c. 14 April')).toMatchObject({ hint: expect.stringContaining("'c. 399 BC'") });
    // A year of the era before 1000, as Meditations' '170–180' first had it: before, the hint said '1953'.
    expect(check(170)).toMatchObject({ hint: "write 'AD 170' (or ISO 8601's '0170', a year in four digits)" });
    expect(check('170–180')).toMatchObject({ hint: "write 'AD 170' (or ISO 8601's '0170', a year in four digits)" });
    expect(check('14 April')).toEqual({ problem: "must be a date like '1953-04-14', '1953-04' or '1953', not '14 April'", hint: "write '1953-04-14', '1953-04' or '1953', in quotes" });
  });

  it('this edition’s date, a manuscript’s `modified` or a packet’s `date`, is a real day: neither before the era nor circa', () => {
    for (const spec of [modified, packetDate]) {
      expect(check('399 BC', spec)).toMatchObject({ problem: "is this edition's date, a day the editions carry: not '399 BC'" });
      expect(check('c. 2026', spec)).toMatchObject({ problem: "is this edition's date, a day the editions carry: not 'c. 2026'" });
      expect(check('2026-12', spec)).toEqual({ value: '2026-12' });
    }
  });
});

describe('a date before the common era as the book’s language prints it', () => {
  it.each([
    ['en-GB', '399 BC', 'about 399 BC'],
    ['fr', '399 av. J.-C.', 'vers 399 av. J.-C.'],
    ['de', '399 v. Chr.', 'um 399 v. Chr.'],
    ['it', '399 a.C.', 'circa 399 a.C.'],
    ['es', '399 a. C.', 'hacia 399 a. C.'],
    ['pt-BR', '399 a.C.', 'cerca de 399 a.C.'],
    ['pl', '399 p.n.e.', 'ok. 399 p.n.e.'],
    ['ru', '399 г. до н. э.', 'около 399 г. до н. э.'],
  ])('%s: %s, %s', (lang, date, circa) => {
    expect(formatDate('-0398', lang)).toBe(date);
    expect(formatDate('-0398', lang, true)).toBe(circa);
  });

  it('the words’ table writes the era as Intl does, where Intl knows the language', () => {
    for (const lang of ['en', 'fr', 'de', 'it', 'es', 'pt', 'pl', 'ru']) {
      const d = new Date(Date.UTC(2000, 0, 1));
      d.setUTCFullYear(-398);
      expect(wordsFor(lang).bc.replace('{y}', '399'), lang).toBe(new Intl.DateTimeFormat(lang, { year: 'numeric', era: 'short', timeZone: 'UTC' }).format(d));
    }
  });

  it('1 BC is the year 0000; a year of the era is printed without its era; AD 30 is not 1930', () => {
    expect(formatDate('0000', 'en-GB')).toBe('1 BC');
    expect(formatDate('1953', 'en-GB', true)).toBe('about 1953');
    expect(formatDate('0030-05', 'en-GB')).toBe('May 30');
  });

  it('a language without words of its own: Intl’s era where it knows the language, English where it has no data (never the machine’s locale)', () => {
    expect(formatDate('-0398', 'el')).toBe('399 π.Χ.');
    expect(formatDate('-0398', 'grc')).toBe('399 BC');
    expect(formatDate('-0398', 'la', true)).toBe('about 399 BC');
    expect(formatDate('-0398-05-14', 'en-GB')).toBe('14 May 399 BC');
  });
});

describe('a span of time in the front matter (written over months or years)', () => {
  it.each([
    ['1847-12/1848-01', '1847-12/1848-01', 'December 1847 – January 1848'],
    ['1845/1846', '1845/1846', '1845–1846'],
    ['1845–1846', '1845/1846', '1845–1846'],
    ['1845-1846', '1845/1846', '1845–1846'],
    ['1845 - 1846', '1845/1846', '1845–1846'],
    ['c. 400 BC/380 BC', '-0399/-0379~', 'about 400–380 BC'],
    ['400 BC – AD 30', '-0399/0030', '400 BC – AD 30'],
    ['-0399/0030', '-0399/0030', '400 BC – AD 30'],
    ['c. 1 BC/AD 1', '0000/0001~', 'about 1 BC – AD 1'],
    // An era written once, as histories print a span, is both years': before, '400' was refused as a date.
    ['400–380 BC', '-0399/-0379', '400–380 BC'],
    ['c. 400 – 380 B.C.', '-0399/-0379~', 'about 400–380 BC'],
    ['AD 170–180', '0170/0180', '170–180'],
    ['c. AD 170–180', '0170/0180~', 'about 170–180'],
    ['30–40 AD', '0030/0040', '30–40'],
    // ISO 8601 leaves out of the end what it shares with the start: before, '27' was taken for the year AD 27.
    ['1817-12-21/27', '1817-12-21/1817-12-27', '21–27 December 1817'],
    ['1817-11-21/12-03', '1817-11-21/1817-12-03', '21 November – 3 December 1817'],
    ['1817-03/05', '1817-03/1817-05', 'March–May 1817'],
  ])('%s is taken as ISO 8601’s interval %s, printed “%s”', (value, iso, printed) => {
    expect(check(value)).toEqual({ value: iso });
    expect(formatDate(iso.replace(/~$/, ''), 'en-GB', iso.endsWith('~'))).toBe(printed);
  });

  it('one that ends before it begins is refused; so is a span for this edition’s own date', () => {
    expect(check('1848/1847')).toEqual({ problem: "is a span that ends before it begins, or where it begins: '1848/1847'", hint: "write the earlier date first, '1847-12/1848-01'" });
    expect('problem' in check('2026-01/2026-02', modified)).toBe(true);
    expect(check('1817-12-21/01-03')).toEqual({ problem: "is a span that ends before it begins, or where it begins: '1817-12-21/01-03'", hint: "write the earlier date first, '1847-12/1848-01'" });
  });

  it('one that crosses the era says both eras, as each language writes them; one wholly of the era says none', () => {
    expect(['en', 'fr', 'de', 'it', 'es', 'pt', 'pl', 'ru', 'el', 'la'].map((lang) => formatDate('-0399/0030', lang))).toEqual([
      '400 BC – AD 30', '400 av. J.-C. – 30 apr. J.-C.', '400 v. Chr. – 30 n. Chr.', '400 a.C. – 30 d.C.', '400 a. C. – 30 d. C.',
      '400 a.C. – 30 d.C.', '400 p.n.e. – 30 n.e.', '400 г. до н. э. – 30 г. н. э.', '400 π.Χ. – 30 μ.Χ.', '400 BC – AD 30',
    ]);
    expect(formatDate('0030/0040', 'en')).toBe('30–40');
    // The era's word where Intl knows the language, but for Chicago's 'AD 30' and the Lexique's 'apr. J.-C.'.
    const ad30 = new Date(Date.UTC(2000, 0, 1));
    ad30.setUTCFullYear(30);
    for (const lang of ['de', 'it', 'es', 'pt', 'pl', 'ru']) {
      expect(wordsFor(lang).ad.replace('{y}', '30'), lang).toBe(new Intl.DateTimeFormat(lang, { year: 'numeric', era: 'short', timeZone: 'UTC' }).format(ad30));
    }
  });

  // Keats's letter 'written: 1817-12-21/1817-12-27' printed '21 December 1817 – 27 December 1817'.
  it('two dates of one year say the year once, and the month once when they share it, as each language writes them', () => {
    const spans = ['1817-12-21/1817-12-27', '1817-03-21/1817-05-02', '1817-03/1817-05', '1847-12/1848-01', '1847-12-21/1848-01-02', '1817-12/1817-12'];
    expect(spans.map((s) => formatDate(s, 'en-GB'))).toEqual([
      '21–27 December 1817', '21 March – 2 May 1817', 'March–May 1817', 'December 1847 – January 1848', '21 December 1847 – 2 January 1848', 'December 1817',
    ]);
    expect(spans.slice(0, 3).map((s) => formatDate(s, 'en-US'))).toEqual(['December 21–27, 1817', 'March 21 – May 2, 1817', 'March–May 1817']);
    expect(['fr', 'de', 'es', 'ru', 'cs'].map((lang) => formatDate(spans[0], lang))).toEqual([
      '21–27 décembre 1817', '21.–27. Dezember 1817', '21–27 de diciembre de 1817', '21–27 декабря 1817 г.', '21.–27. prosince 1817',
    ]);
    expect(formatDate('1817-12-21/1817-12-27', 'en-GB', true)).toBe('about 21–27 December 1817');
    // A month to a day, or years alone, are left as they were.
    expect(formatDate('1817-12/1817-12-27', 'en-GB')).toBe('December 1817 – 27 December 1817');
    expect(formatDate('1845/1846', 'de')).toBe('1845–1846');
  });

  it('a year and a month stays one, never a span', () => {
    expect(check('1847-12')).toEqual({ value: '1847-12' });
  });
});

describe('a date in words', () => {
  // 'written: Spring 1917' was refused with the hint "write '1953-04-14', '1953-04' or '1953', in quotes",
  // which says nothing of where the season can go.
  it('is refused with a hint that puts the year in the date and the words in its note', () => {
    const hint = (value: string, spec = written) => {
      const c = check(value, spec);
      return 'hint' in c ? c.hint : undefined;
    };
    expect(check('Spring 1917')).toEqual({ problem: "must be a date like '1953-04-14', '1953-04' or '1953', not 'Spring 1917'", hint: "write the date alone, '1917', and the words in 'written_note' ('written_note: Spring 1917'), printed with it" });
    expect(hint('winter of 1817–1818')).toBe("write the date alone, '1817–1818', and the words in 'written_note' ('written_note: winter of 1817–1818'), printed with it");
    expect(hint('Summer 1905', FIELDS.find((f) => f.key === 'date')!)).toContain("'date_note: Summer 1905'");
    // A circa or an era written wrongly keeps its own hint.
    expect(hint('399 B.C')).toMatch(/^write '399 BC'/);
  });
});
