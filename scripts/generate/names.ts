// Fictional names: people's names common across the UK (with accents and hyphens, so matching
// has something to do) and place names built from parts, so the world can be as large as a
// scale needs without naming a real place's figures.
import type { Random } from "../seed/random";

export const GIVEN_NAMES = [
  "Aaron", "Adam", "Aidan", "Ailsa", "Alan", "Alex", "Alice", "Amy", "Andrew", "Angela", "Anna", "Ashleigh", "Barry", "Ben", "Beth", "Bradley",
  "Brian", "Callum", "Carl", "Caroline", "Charlotte", "Chloe", "Chris", "Claire", "Connor", "Craig", "Daniel", "Darren", "David", "Dawn", "Dean",
  "Declan", "Donna", "Dylan", "Emma", "Eilidh", "Euan", "Ewan", "Fiona", "Fraser", "Gareth", "Gary", "Gemma", "Graham", "Hannah", "Hayley",
  "Iain", "Ian", "Jack", "Jade", "James", "Jamie", "Jason", "Jennifer", "Joanne", "John", "Jordan", "Joseph", "Josh", "Julie", "Karen", "Kayleigh",
  "Keith", "Kelly", "Kevin", "Kieran", "Kirsty", "Laura", "Lee", "Leanne", "Lewis", "Liam", "Lisa", "Louise", "Luke", "Marc", "Mark", "Martin",
  "Matthew", "Megan", "Michael", "Michelle", "Mohammed", "Morag", "Natalie", "Nathan", "Neil", "Nicola", "Niamh", "Oliver", "Owen", "Paul",
  "Peter", "Rachel", "Rebecca", "Rhys", "Richard", "Robert", "Ross", "Ryan", "Sam", "Sarah", "Scott", "Seán", "Shannon", "Sharon", "Siobhán",
  "Sophie", "Stacey", "Stephen", "Steven", "Stuart", "Thomas", "Tom", "Tracy", "Wayne", "William", "Zoe", "Zara", "Aleksandra", "Tomasz", "Ioana",
];

export const FAMILY_NAMES = [
  "Ahmed", "Ali", "Allan", "Anderson", "Armstrong", "Bailey", "Baird", "Baker", "Bell", "Bennett", "Black", "Boyle", "Brown", "Burns", "Butler",
  "Campbell", "Carr", "Clark", "Clarke", "Collins", "Cook", "Cooper", "Cox", "Cunningham", "Davies", "Davis", "Docherty", "Doherty", "Duncan",
  "Edwards", "Evans", "Ferguson", "Fisher", "Fraser", "Gallagher", "Gibson", "Gill", "Graham", "Gray", "Green", "Griffiths", "Hall", "Hamilton",
  "Harris", "Harrison", "Henderson", "Hill", "Hughes", "Hunter", "Hussain", "Jackson", "James", "Jenkins", "Johnson", "Johnston", "Jones", "Kaur",
  "Kelly", "Kennedy", "Kerr", "Khan", "King", "Kowalski", "Lewis", "Lloyd", "MacDonald", "MacKenzie", "MacLeod", "Marshall", "Martin", "Mason",
  "McAllister", "McDonald", "McGregor", "McLaughlin", "McLean", "Millar", "Miller", "Mitchell", "Moore", "Morgan", "Morris", "Morrison", "Murphy",
  "Murray", "Nowak", "O'Brien", "O'Neill", "Ó Briain", "Owen", "Parker", "Paterson", "Patel", "Phillips", "Price", "Quinn", "Reid", "Richards",
  "Roberts", "Robertson", "Robinson", "Rogers", "Ross", "Scott", "Shaw", "Simpson", "Sinclair", "Singh", "Smith", "Stevens", "Stewart",
  "Taylor", "Thomas", "Thompson", "Thomson", "Turner", "Walker", "Walsh", "Ward", "Watson", "White", "Williams", "Wilson", "Wood", "Wright",
  "Young", "Kerr-Dunlop", "Smith-Jones", "Evans-Pritchard",
];

const PLACE_STARTS = [
  "Ash", "Bal", "Bram", "Brae", "Car", "Cold", "Craig", "Dal", "Dun", "East", "Elm", "Fal", "Fern", "Glen", "Gold", "Hart", "High", "Holm",
  "Inver", "Kil", "Kirk", "Lang", "Lin", "Long", "Mar", "Mill", "Mor", "New", "Nor", "Oak", "Pen", "Port", "Rath", "Red", "Ross", "Salt",
  "Stan", "Stone", "Strath", "Thorn", "Tor", "Wal", "West", "Whit", "Wick", "Wood",
];
const PLACE_ENDS = [
  "bank", "bridge", "brook", "burn", "by", "dale", "den", "field", "ford", "gate", "ham", "haven", "hill", "holme", "ley", "mere", "minster",
  "moor", "mouth", "ness", "port", "shaw", "side", "stead", "stow", "thorpe", "ton", "wick", "worth", "wood",
];

/** `count` distinct fictional place names, in an order fixed by `random`. */
export function placeNames(random: Random, count: number, avoid: ReadonlySet<string> = new Set()): string[] {
  const all: string[] = [];
  for (const start of PLACE_STARTS) for (const end of PLACE_ENDS) all.push(start + end);
  // Fisher–Yates with the seeded generator.
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  const names = all.filter((n) => !avoid.has(n));
  if (names.length < count) throw new Error(`Only ${names.length} place names available; ${count} needed`);
  return names.slice(0, count);
}

