// Generated datasets for joins (exercises/README.md, "datasets/generate.mjs"): the grader calls
// generate(random, helpers) with a PRNG seeded from the exercise's slug and version, and grades
// every task on the SQL it returns too. Each dataset is built to break plausible wrong queries,
// whatever the seed:
// - rows of every table stored in random order; ids of users, orders and products shuffled;
// - guest orders (user_id NULL), one with several lines;
// - users without orders (an empty group), whose ids are order ids;
// - users whose orders have several lines, and users with several orders;
// - order dates not in the order of order ids (and orders on the same day);
// - lines whose product ids are not in the order of the products' names;
// - two users who spent the same amount with a different number of orders and lines, whose ids
//   and names are not in the order of their emails; a user whose name is '' (empty).
// Emails are distinct lowercase words (none a prefix of another) at one domain, and product names
// capitalised words: byte order (C) and en-US order agree on them, as the instructions promise.

const PEOPLE = ['ana', 'ben', 'chloe', 'dev', 'eva', 'finn', 'gus', 'hana', 'ivo', 'jade', 'kai', 'lena', 'mo', 'nia', 'otto', 'pia', 'quinn', 'rui', 'sami', 'tess', 'uma', 'vera', 'will', 'xia', 'yann', 'zoe']
const SURNAMES = ['Abbott', 'Brandt', 'Castro', 'Dahl', 'Engel', 'Fox', 'Gupta', 'Holm', 'Ito', 'Jansen', 'Kerr', 'Lund', 'Moreau', 'Novak', 'Okafor', 'Petrov', 'Quist', 'Rossi', 'Sato', 'Torres', 'Ueda', 'Vidal', 'Weber', 'Young', 'Zhou']
const PRODUCTS = ['Apron', 'Bowl', 'Candle', 'Dish', 'Fork', 'Glass', 'Jar', 'Kettle', 'Ladle', 'Mug', 'Napkin', 'Plate', 'Spoon', 'Towel', 'Whisk']

export default function generate(random, { int, pick, shuffle, sample, insert }) {
  // Products: ids shuffled against their names.
  const productNames = sample(PRODUCTS, int(6, 8)).sort()
  let productIds = shuffle(productNames.map((_, i) => i + 1))
  // Sorted ids would agree with the names: swap two.
  if (productIds.every((id, i) => i === 0 || productIds[i - 1] < id)) productIds = [productIds[1], productIds[0], ...productIds.slice(2)]
  const products = productNames.map((name, i) => ({ id: productIds[i], name, price: int(100, 6000) / 100 }))

  // Users: emails in a random order of ids, names chosen independently of the emails.
  const userCount = int(7, 9)
  const emails = sample(PEOPLE, userCount)
  const userIds = shuffle(emails.map((_, i) => i + 1))
  const users = emails.map((local, i) => ({
    id: userIds[i],
    email: `${local}@example.com`,
    name: `${pick(PEOPLE).replace(/^./, c => c.toUpperCase())} ${pick(SURNAMES)}`,
  }))
  users[int(0, users.length - 1)].name = ''

  // Who orders: the tie pair, some others, and at least two users who never order.
  const byEmail = [...users].sort((a, b) => (a.email < b.email ? -1 : 1))
  const tieIndex = int(0, byEmail.length - 4)
  const first = byEmail[tieIndex]
  const second = byEmail[tieIndex + int(1, 2)]
  // The tie pair's ids and names run against their emails.
  if (first.id < second.id) [first.id, second.id] = [second.id, first.id]
  first.name = `Zed ${pick(SURNAMES)}`
  second.name = `Abe ${pick(SURNAMES)}`
  const rest = shuffle(users.filter(u => u !== first && u !== second))
  const idle = rest.slice(0, int(2, 3))
  const buyers = rest.slice(idle.length)

  // Orders: ids 1..n (so users without orders have ids that are order ids), dates shuffled.
  const orders = []
  const lines = []
  const addOrder = (userId, orderLines) => {
    orders.push({ userId, lines: orderLines })
  }
  const someLines = count => sample(products, count).map(p => ({ product: p, quantity: int(1, 6) }))
  // The tie: the same lines, in one order for one user and across two for the other.
  const tieLines = someLines(int(2, 3))
  const split = int(1, tieLines.length - 1)
  const [one, two] = shuffle([first, second])
  addOrder(one.id, tieLines)
  addOrder(two.id, tieLines.slice(0, split))
  addOrder(two.id, tieLines.slice(split))
  for (const buyer of buyers) {
    for (let k = int(1, 3); k > 0; k--) addOrder(buyer.id, someLines(int(1, 3)))
  }
  // Guest orders, one with several lines, two of whose products have ids against their names.
  const inverted = []
  for (const p of products) for (const q of products) if (p.name < q.name && p.id > q.id) inverted.push([p, q])
  const [p, q] = pick(inverted)
  addOrder(null, shuffle([p, q]).map(product => ({ product, quantity: int(1, 6) })))
  addOrder(null, someLines(int(1, 2)))

  const orderIds = shuffle(orders.map((_, i) => i + 1))
  const day = () => `2024-06-${String(int(1, 20)).padStart(2, '0')}`
  orders.forEach((order, i) => {
    order.id = orderIds[i]
    order.date = day()
  })
  // Two orders whose dates run against their ids.
  const [x, y] = sample(orders, 2)
  const [early, late] = x.id < y.id ? [x, y] : [y, x]
  early.date = '2024-06-28'
  late.date = '2024-05-30'
  for (const order of orders) {
    for (const line of order.lines) lines.push([order.id, line.product.id, line.quantity])
  }

  return `CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL UNIQUE, name text NOT NULL);
CREATE TABLE orders (id integer PRIMARY KEY, user_id integer REFERENCES users (id), ordered_on date NOT NULL);
CREATE TABLE products (id integer PRIMARY KEY, name text NOT NULL, price numeric(8, 2) NOT NULL);
CREATE TABLE order_items (
  order_id integer NOT NULL REFERENCES orders (id),
  product_id integer NOT NULL REFERENCES products (id),
  quantity integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (order_id, product_id)
);
${insert('users', ['id', 'email', 'name'], shuffle(users).map(u => [u.id, u.email, u.name]))}${insert('orders', ['id', 'user_id', 'ordered_on'], shuffle(orders).map(o => [o.id, o.userId, o.date]))}${insert('products', ['id', 'name', 'price'], shuffle(products).map(p => [p.id, p.name, p.price]))}${insert('order_items', ['order_id', 'product_id', 'quantity'], shuffle(lines))}`
}
