// Generated datasets for select-filter-order (exercises/README.md, "datasets/generate.mjs"): the
// grader calls generate(random, helpers) with a PRNG seeded from the exercise's slug and version,
// and grades every task on the SQL it returns too. Each dataset is built to break plausible wrong
// queries, whatever the seed:
// - rows stored in random order, ids not in the order of names;
// - prices on every boundary (0.00, 9.99, 10.00, 19.99, 20.00, 20.01, 50.00, 50.01), and NULL;
// - stock 0, below 0 and 1; two rows with the same name, price and stock, and two in the band;
// - "notebook" in every case, at the start, middle and end and inside a word, and near misses;
// - categories NULL and '' (each on several rows);
// - the top five: a discontinued product above them and in their tie, unpriced products, a tie
//   at the top and one across the fifth place, whose ids are not in the order of their names;
// - the catalogue: products with the same name across both ends of the second page.
// Every name starts with its own capitalised word (none a prefix of another), and categories are
// capitalised words: byte order (C) and en-US order agree on them, as the instructions promise.

/** Sort first: the catalogue's first pages are made of these alone. */
const PAGE_NAMES = ['Album', 'Apron', 'Badge', 'Binder', 'Brush', 'Calendar', 'Candle', 'Chalk', 'Clipboard', 'Compass', 'Crayons']
/** The most expensive products. */
const TOP_NAMES = ['Desk', 'Drafting table', 'Easel', 'Globe', 'Guillotine', 'Headset', 'Keyboard', 'Lamp', 'Laminator', 'Microscope', 'Monitor']
/** "notebook" in any case, anywhere; then names that only look like it. */
const NOTEBOOKS = ['Notebooks', 'Pad NOTEBOOK', 'Spiral noteBook refill', 'Subnotebook sleeve', 'Travel notebook', 'Ruled Notebook set']
const NEAR_MISSES = ['Notepad', 'Sketch book', 'Quill']
const OTHER_NAMES = ['Eraser', 'Envelope', 'Folder', 'Glue', 'Ink', 'Label', 'Marker', 'Pencil', 'Ribbon', 'Ruler', 'Scissors', 'Stamp', 'Stapler', 'Tape', 'Twine', 'Wax', 'Yarn', 'Zipper']
const CATEGORIES = ['Art', 'Office', 'Paper', 'Pens', 'Frames']

export default function generate(random, { int, pick, shuffle, chance, sample, insert }) {
  const products = []
  const add = (name, price, { stock = int(1, 40), category = pickCategory(), discontinued = false } = {}) => {
    products.push({ name, category, price: price === null ? null : price.toFixed(2), stock, discontinued })
  }
  const pickCategory = () => (chance(0.15) ? null : chance(0.12) ? '' : pick(CATEGORIES))
  const cents = (min, max) => int(min * 100, max * 100) / 100

  // Missing and empty categories, several of each (task 4, task 6).
  for (const category of [null, null, '', '']) add(pick(OTHER_NAMES), cents(1, 60), { category })

  // Prices on the boundaries of tasks 2 and 7, with the stock that tells each mistake apart.
  const others = shuffle(OTHER_NAMES)
  add(others[0], 20, { stock: int(1, 30) })
  add(others[1], 20.01, { stock: int(1, 30) })
  add(others[2], 19.99, { stock: 1 })
  add(others[3], 0, { stock: int(2, 30) })
  add(others[4], cents(1, 19.98), { stock: 0 })
  add(others[5], cents(1, 19.98), { stock: -int(1, 5) })
  add(others[6], null, { stock: int(1, 30) })
  for (const price of [9.99, 10, 50, 50.01]) add(pick(others.slice(7)), price, { stock: pick([0, 1, int(2, 30)]) })
  // Identical rows: twice the same name, price and stock under 20.00; twice the same name and price in the band.
  const twin = { name: others[7], price: cents(1, 19.98), stock: int(1, 30) }
  for (let i = 0; i < 2; i++) add(twin.name, twin.price, { stock: twin.stock })
  const bandTwin = { name: others[8], price: cents(10, 50) }
  for (let i = 0; i < 2; i++) add(bandTwin.name, bandTwin.price)

  // Notebooks (a few of them, in every case and place) and names that are no notebook.
  for (const name of NOTEBOOKS) add(name, chance(0.2) ? null : cents(2, 60))
  for (const name of NEAR_MISSES) add(name, cents(2, 60))

  // The five most expensive on sale: a tie at the top, a tie across the fifth place (starting at
  // 4th or 5th, ending at 6th or 7th), names given in order within a tie, ids against it.
  const cutStart = int(4, 5)
  const cutEnd = int(6, 7)
  const groups = [2, ...Array(cutStart - 3).fill(1), cutEnd - cutStart + 1]
  const topNames = shuffle(TOP_NAMES)
  let price = int(700, 900)
  const ties = []
  let next = 0
  for (const size of groups) {
    const names = topNames.slice(next, next + size).sort()
    next += size
    ties.push(names.map(name => ({ name, price })))
    price -= int(5, 60) + (chance(0.5) ? 0.5 : 0)
  }
  for (const tie of ties) for (const row of tie) add(row.name, row.price, { stock: int(1, 9) })
  // Discontinued: the dearest of all, and one in the tie at the cut; unpriced ones on sale.
  add(pick(topNames.slice(next)), ties[0][0].price + int(10, 99), { discontinued: true })
  add(pick(TOP_NAMES), ties.at(-1)[0].price, { discontinued: true })
  add(pick(topNames.slice(next)), null)
  add(pick(topNames.slice(next)), null)
  add(pick(topNames.slice(next)), null, { discontinued: true })

  // The catalogue's first pages, from names that sort before all others: a run of one name
  // across the 5th/6th place and one across the 10th/11th, plus one inside the second page.
  const page = []
  const fill = (from, to) => {
    while (from <= to) {
      const size = Math.min(to - from + 1, int(1, 2))
      page.push(size)
      from += size
    }
  }
  const aStart = int(4, 5)
  const aEnd = int(6, 7)
  const bStart = int(9, 10)
  const bEnd = int(11, 12)
  fill(1, aStart - 1)
  page.push(aEnd - aStart + 1)
  fill(aEnd + 1, bStart - 1)
  page.push(bEnd - bStart + 1)
  fill(bEnd + 1, bEnd + int(1, 3))
  const pageNames = sample(PAGE_NAMES, page.length).sort()
  page.forEach((size, i) => {
    for (let k = 0; k < size; k++) add(pageNames[i], chance(0.15) ? null : cents(1, 150))
  })

  // Ids: a shuffled range, except that within each price tie of the top five the ids run
  // against the names; rows stored in yet another order.
  const ids = shuffle(products.map((_, i) => i + 1))
  products.forEach((row, i) => { row.id = ids[i] })
  for (const tie of ties) {
    const rows = tie.map(t => products.find(p => p.name === t.name && p.price === t.price.toFixed(2) && !p.discontinued))
    const sortedIds = rows.map(r => r.id).sort((a, b) => b - a)
    rows.forEach((r, i) => { r.id = sortedIds[i] })
  }
  const stored = shuffle(products)

  return `CREATE TABLE products (
  id           integer PRIMARY KEY,
  name         text NOT NULL,
  category     text,
  price        numeric(8, 2),
  stock        integer NOT NULL DEFAULT 0,
  discontinued boolean NOT NULL DEFAULT false
);
${insert('products', ['id', 'name', 'category', 'price', 'stock', 'discontinued'], stored.map(p => [p.id, p.name, p.category, p.price === null ? null : Number(p.price), p.stock, p.discontinued]))}`
}
