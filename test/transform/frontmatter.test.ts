/**
 * Which leading chapters are front matter (src/transform/frontmatter.ts): a preface, a foreword, a
 * translator's note, a dedication, an introduction by another hand; the text begins at the first
 * chapter that is none of these.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { prepareBook } from '../../src/build.js';
import { Diagnostics } from '../../src/diagnostics.js';
import { frontMatterEnd, plainText, type Book } from '../../src/model/index.js';
import { prefatoryTitle } from '../../src/words.js';

const dir = mkdtempSync(join(tmpdir(), 'samizdat-front-'));

/** A manuscript of the given chapters (each a heading line and one paragraph), with extra front matter lines. */
function book(headings: string[], front = '', before = '', diags = new Diagnostics()): Book {
  const file = join(dir, `b${Math.random().toString(36).slice(2)}.md`);
  const body = headings.map((h) => `${h}\n\nSome words of this chapter.\n`).join('\n');
  const language = front.includes('language:') ? '' : 'language: en-GB\n';
  writeFileSync(file, `---\ntitle: A Book\nauthor: Anna Writer\ntranslator: Tom Turner\n${language}${front}---\n\n${before}${body}`);
  return prepareBook(file, diags);
}

/** The titles of the chapters set as front matter, each with its EPUB semantic. */
function front(b: Book): string[] {
  return b.blocks.slice(0, frontMatterEnd(b)).flatMap((x) => (x.kind === 'heading' && x.level === 1 ? [`${plainText(x.children)}: ${x.front}`] : []));
}

describe('the front matter of a manuscript', () => {
  test('prefaces, forewords, notes on the text and dedications, up to the first chapter that is none', () => {
    expect(front(book(['# Preface to the English Edition of 1888', '# Foreword', '# A Note on the Translation', "# Translator's Note", '# Dedication', '# I. The Beginning', '# Preface']))).toEqual([
      'Preface to the English Edition of 1888: preface', 'Foreword: preface', 'A Note on the Translation: preface', 'Translator’s Note: preface', 'Dedication: dedication',
    ]);
    expect(front(book(['# The Author’s Preface', '# Chapter One']))).toEqual(['The Author’s Preface: preface']);
    expect(front(book(['# Author’s Note', '# Editor’s Note', '# Note', '# Chapter One']))).toEqual(['Author’s Note: preface', 'Editor’s Note: preface']);
  });

  test("an introduction only when another hand wrote it: the translator's, or one the front matter credits", () => {
    expect(front(book(['# Introduction', '# Chapter One']))).toEqual([]);
    expect(front(book(["# Translator's Introduction", '# Chapter One']))).toEqual(['Translator’s Introduction: introduction']);
    expect(front(book(['# Introduction', '# Chapter One'], 'introduction: Ida Intro\n'))).toEqual(['Introduction: introduction']);
    // The credited one is the first: Smith's own introduction after his editor's is the text's beginning.
    expect(front(book(['# Introduction', '# Introduction', '# Chapter One'], 'introduction: Ida Intro\n'))).toEqual(['Introduction: introduction']);
    expect(front(book(["# Editor's Introduction", '# Introduction and Plan of the Work', '# Chapter One']))).toEqual(['Editor’s Introduction: introduction']);
  });

  test('in the languages samizdat speaks', () => {
    expect(front(book(['# Préface du traducteur', '# Avant-propos', '# Chapitre premier'], 'language: fr\n'))).toEqual(['Préface du traducteur: preface', 'Avant-propos: preface']);
    expect(front(book(['# Vorwort des Übersetzers', '# Erstes Kapitel'], 'language: de\n'))).toEqual(['Vorwort des Übersetzers: preface']);
    expect(front(book(['# Предисловие', '# Глава первая'], 'language: ru\n'))).toEqual(['Предисловие: preface']);
    // An introduction that names the translator is theirs, in any language, as 'Translator's Introduction' is.
    expect(front(book(['# Einleitung des Übersetzers', '# Einleitung', '# Erstes Kapitel'], 'language: de\n'))).toEqual(['Einleitung des Übersetzers: introduction']);
    expect(prefatoryTitle('Préface du traducteur', 'fr')).toEqual({ kind: 'preface', another: true, by: 'translator' });
    expect(prefatoryTitle('Translator’s Preface', 'en')).toEqual({ kind: 'preface', another: true, by: 'translator' });
    expect(prefatoryTitle('Preface', 'en')).toEqual({ kind: 'preface', another: false });
    // Not a word that only begins the same way.
    expect(front(book(['# Prefaces and Prologues Considered', '# Chapter One']))).toEqual([]);
  });

  test("pandoc's epub:type says so either way, over the title", () => {
    expect(front(book(['# To the Reader {epub:type=foreword}', '# Chapter One']))).toEqual(['To the Reader: foreword']);
    expect(front(book(['# Preface {epub:type=chapter}', '# Chapter One']))).toEqual([]);
    expect(front(book(['# Credits {epub:type="frontmatter"}', '# Chapter One']))).toEqual(['Credits: ']);
  });

  test('a chapter marked front matter after the text has begun is set in the text, with a warning at its heading', () => {
    const diags = new Diagnostics();
    expect(front(book(['# Preface', '# Chapter One', '# Acknowledgments {epub:type=acknowledgments}'], '', '', diags))).toEqual(['Preface: preface']);
    expect(diags.list.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(['16:1 front-matter-late']);
    // Not where it is one of the leading chapters, though none is front matter when nothing would be left for page 1.
    const quiet = new Diagnostics();
    book(['# To the Reader {epub:type=foreword}', '# Preface'], '', '', quiet);
    expect(quiet.list).toEqual([]);
  });

  test('a contents typed in as a chapter is kept, with a warning: the book would have two', () => {
    const diags = new Diagnostics();
    expect(front(book(['# Table of Contents', '# Preface', '# Chapter One'], '', '', diags))).toEqual([]);
    expect(diags.list.map((d) => `${d.line}:${d.column} ${d.rule}`)).toEqual(['8:1 contents-chapter']);
    const french = new Diagnostics();
    book(['# Préface', '# Table des matières', '# Chapitre premier'], 'language: fr\n', '', french);
    expect(french.list.map((d) => d.rule)).toEqual(['contents-chapter']);
  });

  test('none where the text has begun before, a part begins, or nothing would be left for page 1', () => {
    expect(front(book(['# Preface', '# Chapter One'], '', 'Words before any chapter.\n\n'))).toEqual([]);
    expect(front(book(['# Preface', '# Part I {.part}', '# Chapter One']))).toEqual(['Preface: preface']);
    expect(front(book(['# Part I {.part}', '# Preface', '# Chapter One']))).toEqual([]);
    expect(front(book(['# Preface', '# Foreword']))).toEqual([]);
  });

  test('a book whose chapters were written one level down (##) is told so where its first section is a preface', () => {
    const diags = new Diagnostics();
    expect(front(book(['## Translator’s Preface', '## Letter 1', '## Letter 2'], '', '', diags))).toEqual([]);
    expect(diags.list.map((d) => `${d.rule} ${d.line}`)).toEqual(['no-chapters 8']);
    expect(diags.list[0].hint).toMatch(/shift-heading-level-by=-1/);
    // An essay's sections say nothing, an opening 'Introduction' of its own neither.
    const quiet = new Diagnostics();
    book(['## Stalin and Malenkov', '## Marxism and Magic'], '', '', quiet);
    book(['## Introduction', '## Method', '## Results'], '', '', quiet);
    expect(quiet.list).toEqual([]);
  });

  test('a motto before the front matter goes with it, set as an epigraph; before the text, it stays the text’s', () => {
    const motto = '> Lasciate ogni speranza, voi ch’entrate.\n>\n> —Inferno, III\n\n';
    const withPreface = book(['# Translator’s Preface', '# Canto I'], '', motto);
    expect(front(withPreface)).toEqual(['Translator’s Preface: preface']);
    // The front matter's text runs from the motto to the text's first chapter.
    expect(withPreface.blocks[0]).toMatchObject({ kind: 'blockquote', epigraph: true });
    expect(frontMatterEnd(withPreface)).toBe(2 + 1);
    // An epigraph div too.
    expect(front(book(['# Preface', '# Chapter One'], '', '::: epigraph\n> A motto.\n:::\n\n'))).toEqual(['Preface: preface']);
    // Before the text's first chapter, a quote is the text's opening, and is left as it was written.
    const bare = book(['# Canto I'], '', motto);
    expect(frontMatterEnd(bare)).toBe(0);
    expect(bare.blocks[0]).toMatchObject({ kind: 'blockquote' });
    expect(bare.blocks[0]).not.toHaveProperty('epigraph');
    // A quote then words of the text: the text has begun.
    expect(front(book(['# Preface', '# Chapter One'], '', `${motto}Words before any chapter.\n\n`))).toEqual([]);
  });

  test('a packet: its introduction, and a book of chapter files’ preface; a reader’s texts by several hands are texts', () => {
    const packet = (authors: string[], titles: string[], intro = false) => {
      const files = titles.map((title, k) => {
        const name = `t${k}-${Math.random().toString(36).slice(2)}.md`;
        writeFileSync(join(dir, name), `---\ntitle: ${title}\nauthor: ${authors[k % authors.length]}\nlanguage: en-GB\n---\n\nSome words.\n`);
        return name;
      });
      if (intro) writeFileSync(join(dir, 'intro.md'), 'The editor says a word.\n');
      const yaml = join(dir, `p${Math.random().toString(36).slice(2)}.yaml`);
      writeFileSync(yaml, `title: A Packet\neditor: Ed Itor\nlanguage: en-GB\n${intro ? 'introduction: intro.md\n' : ''}texts:\n${files.map((f) => `  - ${f}\n`).join('')}`);
      const b = prepareBook(yaml, new Diagnostics());
      return b.texts.slice(0, b.texts.findIndex((t) => t.to > frontMatterEnd(b))).map((t) => `${t.meta.title}: ${t.front}`);
    };
    expect(packet(['Anna Writer'], ['Translator’s Preface', 'Chapter One', 'Chapter Two'])).toEqual(['Translator’s Preface: preface']);
    expect(packet(['William Wordsworth', 'John Keats'], ['Preface to Lyrical Ballads', 'Letters'])).toEqual([]);
    expect(packet(['William Wordsworth', 'John Keats'], ['Preface to Lyrical Ballads', 'Letters'], true)).toEqual(['Introduction: introduction']);
    // One text must be left for page 1.
    expect(packet(['Anna Writer'], ['Preface', 'Foreword'])).toEqual([]);
  });
});
