/** The price of a nine: the price table and a design's monthly cost. */
export * from './prices';
export * from './monthlyCost';
