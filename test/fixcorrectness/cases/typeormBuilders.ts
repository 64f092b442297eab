// TypeORM query-builder conditions on PostgreSQL and MariaDB (builder emulated in typeormBuilder.ts):
// a builder's parameters are one object, so a rewrite that names its value like a parameter set
// earlier on the same builder, or like the value of another rewrite, replaces that value everywhere.
// Customer 1 asks for orders; order 2 belongs to customer 2, whose number it shares, so an
// overwritten tenant condition shows up as customer 2's order.
import type { FixCase } from '../caseFormat';

const dataSourceOf = (type: 'postgres' | 'mysql') => `const { DataSource } = require('typeorm');\nconst dataSource = new DataSource({ type: '${type}' });\n`;

/** Another customer's order asked for by number, and payloads that widen the condition. */
const ORDER_EDGE = [{ customer: 1, id: '2' }, { customer: 1, id: '4' }, { customer: 1, id: '007' }];
const ORDER_INJECTION = [{ customer: 1, id: '1 OR 1=1' }, { customer: 1, id: '0 OR o.customer_id = 2' }, { customer: 1, id: "1'; DROP TABLE orders; --" }];

function casesFor(type: 'postgres' | 'mysql'): FixCase[] {
  const driver = `typeorm builder (${type === 'postgres' ? 'postgres' : 'mysql'})`;
  const dialect = type === 'postgres' ? 'postgres' : 'mariadb';
  return [
    {
      name: 'order by number beside a tenant condition that already uses :id',
      driver,
      dialect,
      issueClass: 10,
      source: `${dataSourceOf(type)}module.exports = (input) =>\n  dataSource\n    .createQueryBuilder('orders', 'o')\n    .where('o.customer_id = :id', { id: input.customer })\n    .andWhere(\`o.id = \${input.id}\`)\n    .getMany();\n`,
      benign: [{ customer: 1, id: '1' }, { customer: 1, id: '3' }],
      edge: ORDER_EDGE,
      injection: ORDER_INJECTION,
      expect: 'fix',
      why: "A new :id would replace the customer's id in the tenant condition and return customer 2's order 2; the fix must pick a fresh name.",
    },
    {
      name: 'tenant set with setParameter, order number interpolated',
      driver,
      dialect,
      issueClass: 10,
      source: `${dataSourceOf(type)}module.exports = (input) =>\n  dataSource\n    .createQueryBuilder('orders', 'o')\n    .where('o.customer_id = :id')\n    .andWhere(\`o.id = \${input.id}\`)\n    .setParameter('id', input.customer)\n    .getMany();\n`,
      benign: [{ customer: 1, id: '1' }, { customer: 1, id: '3' }],
      edge: ORDER_EDGE,
      injection: ORDER_INJECTION,
      expect: 'fix',
      why: "setParameter('id') later in the chain would overwrite a new :id (or be overwritten): the fix must not name its value id.",
    },
    {
      name: 'two interpolated conditions whose values are both named id',
      driver,
      dialect,
      issueClass: 12,
      source: `${dataSourceOf(type)}module.exports = ({ customer, order }) =>\n  dataSource\n    .createQueryBuilder('orders', 'o')\n    .where(\`o.customer_id = \${customer.id}\`)\n    .andWhere(\`o.id = \${order.id}\`)\n    .getMany();\n`,
      benign: [{ customer: { id: 1 }, order: { id: '1' } }, { customer: { id: 1 }, order: { id: '3' } }],
      edge: [{ customer: { id: 1 }, order: { id: '2' } }, { customer: { id: 1 }, order: { id: '4' } }],
      injection: [{ customer: { id: 1 }, order: { id: '1 OR 1=1' } }, { customer: { id: 1 }, order: { id: '0 OR o.customer_id = 2' } }],
      expect: 'fix',
      why: 'Each fix alone may call its value :id; applied together (a fix-all) both :id would take the order number, and customer 1 would read order 2. The second must be :id2.',
    },
  ];
}

export const TYPEORM_BUILDER_CASES: FixCase[] = [...casesFor('postgres'), ...casesFor('mysql')];
