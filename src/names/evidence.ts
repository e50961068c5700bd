/**
 * Words that tell what a capitalised word is, for `names suggest`: titles that make the next word a
 * person's name, the epithets that regnal names carry, and the prepositions that put a place after
 * them. English only, like the suggestions (compromise reads English); each list is short on purpose.
 */

/** Titles before a name: 'Mr Smith', 'Dr. Arnold', 'General Gordon', 'Comrade Kardelj', 'Pope Pius III'. */
export const TITLES = new Set([
  'Mr', 'Mrs', 'Ms', 'Miss', 'Dr', 'Doctor', 'Sir', 'Dame', 'Lord', 'Lady', 'Comrade', 'General', 'Marshal', 'Colonel',
  'Captain', 'Major', 'Admiral', 'Lieutenant', 'Sergeant', 'President', 'Premier', 'Chancellor', 'Senator', 'Governor',
  'King', 'Queen', 'Emperor', 'Empress', 'Tsar', 'Czar', 'Tsarina', 'Kaiser', 'Sultan', 'Shah', 'Pope', 'Cardinal',
  'Bishop', 'Archbishop', 'Saint', 'St', 'Fra', 'Father', 'Brother', 'Sister', 'Rev', 'Reverend', 'Messer', 'Signor',
  'Signora', 'Monsieur', 'Madame', 'Mademoiselle', 'Herr', 'Frau', 'Duke', 'Duchess', 'Count', 'Countess', 'Prince',
  'Princess', 'Baron', 'Baroness', 'Marquess', 'Marquis', 'Earl', 'Viscount', 'Chevalier', 'Professor', 'Prof',
  'Justice', 'Judge', 'Squire', 'Mme', 'Mlle', 'Messrs', 'Gen', 'Col', 'Capt', 'Lt', 'Sgt', 'Hon', 'Minister', 'Secretary',
  'Vice-President', 'Generalissimo', 'Commissar', 'Chairman', 'Provost',
]);

/** Titles that name someone other than a man of the same surname: 'Mrs. Arnold' is not 'Dr. Arnold'. */
export const OTHER_PERSON_TITLES = new Set(['Mrs', 'Miss', 'Ms', 'Lady', 'Dame', 'Queen', 'Empress', 'Tsarina', 'Duchess',
  'Countess', 'Princess', 'Baroness', 'Madame', 'Mme', 'Mademoiselle', 'Mlle', 'Signora', 'Frau', 'Sister']);

/** Abbreviations that take a full stop inside a name ('Dr. Arnold', 'St. Paul'). */
export const ABBREVIATED = new Set(['Mr', 'Mrs', 'Ms', 'Dr', 'St', 'Rev', 'Prof', 'Mme', 'Mlle', 'Messrs', 'Gen', 'Col', 'Capt', 'Lt', 'Sgt', 'Hon']);

/** What follows 'the' in a regnal name or a byname: 'Louis the Twelfth', 'Charles the Bold', 'Hiero the Syracusan'. */
export const EPITHETS = new Set([
  'First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth', 'Seventh', 'Eighth', 'Ninth', 'Tenth', 'Eleventh', 'Twelfth',
  'Thirteenth', 'Fourteenth', 'Fifteenth', 'Sixteenth', 'Seventeenth', 'Eighteenth', 'Great', 'Bold', 'Good', 'Wise',
  'Fat', 'Bald', 'Pious', 'Fair', 'Simple', 'Elder', 'Younger', 'Conqueror', 'Confessor', 'Magnificent', 'Terrible',
  'Lionheart', 'Unready', 'Just', 'Cruel', 'Navigator', 'Hammer', 'Red', 'Black', 'Stammerer', 'Lame', 'Tall', 'Short',
]);

/** A byname from a people or a place: 'the Syracusan', 'the Spartan', 'the Carthaginian'. */
export const DEMONYM = /(?:an|ian|ese|ite)$/;

/** Lower-case particles inside names: 'Charles de Gaulle', 'Oliverotto da Fermo', 'Omar ibn al-Khattab'. */
export const PARTICLES = new Set(['de', 'da', 'del', 'della', 'dei', 'der', 'di', 'du', 'van', 'von', 'la', 'le', 'bin', 'ibn', 'al', 'y', 'zu', 'dos', 'das', 'ter', 'ten']);

/** Roman numerals of a regnal name: 'Francis I', 'Pius III'. */
export const NUMERAL = /^(?:X{0,3})(?:IX|IV|V?I{0,3})$/;

/** Nouns before 'of' and a place: 'the city of Pisa', 'the lords of Faenza', 'the battle of Vaila'. */
export const PLACE_OF = new Set([
  'city', 'town', 'village', 'state', 'states', 'kingdom', 'duchy', 'province', 'county', 'country', 'republic', 'empire',
  'people', 'citizens', 'inhabitants', 'lord', 'lords', 'duke', 'dukes', 'king', 'kings', 'prince', 'princes', 'bishop',
  'archbishop', 'governor', 'tyrant', 'siege', 'territory', 'walls', 'castle', 'island', 'isle', 'coast', 'gulf', 'battle',
  'capture', 'conquest', 'provost', 'university', 'church', 'streets', 'gates', 'port', 'harbour', 'valley', 'river',
]);

/** Words before a place: 'in Belgrade', 'at Rugby', 'into Italy'. */
export const PLACE_BEFORE = new Set(['in', 'at', 'into', 'to', 'from', 'through', 'entered', 'occupied', 'near', 'throughout', 'within', 'across', 'towards', 'toward', 'round', 'around', 'outside', 'inside']);

/** A plural of a people, a party or a faction ('the Venetians', 'the Bolsheviks', 'the Colonnesi'): ends as most do. */
export const GROUP = /(?:ans|ese|ards|ites|ists|ines|ers|ics|ots|ks|esi|eschi|ini|chi|ews)$/;

/** An adjective of a people, a faith or a party, as a noun or before one: 'Russian', 'Christian', 'Socialist', 'Flemish'. */
export const ADJECTIVE = /(?:ist|ian|an|al|ish|ic|ical|ese)$/;

/** Endings of abstract and common nouns, not of names: 'Trinity', 'Providence', 'Testament', 'Communism', 'Scripture'. */
export const COMMON_NOUN = /(?:ity|ness|ment|tion|sion|ism|ship|hood|dom|ence|ance|ure|ology|ry)$/;

/** Not persons, though capitalised everywhere: the deity and its names. */
export const DEITIES = new Set(['God', 'Jehovah', 'Allah', 'Almighty', 'Satan', 'Devil', 'Heaven', 'Hell', 'Providence', 'Lord',
  'Thou', 'Thee', 'Thy', 'Thine', 'Him', 'His', 'He']);
