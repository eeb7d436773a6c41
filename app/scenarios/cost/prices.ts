/**
 * The price table: what each part of a design costs a month, modelled on public cloud
 * on-demand list prices (AWS, us-east-1, as listed in 2025). The ratios matter more than
 * the cents (docs/reference.md "Failure rates and prices"); docs/reference.md ("The price of a nine") gives
 * each source. One record, so the page, the CLI and the docs read the same numbers.
 */

/** AWS bills by the hour and counts a month as 730 hours (8,760 hours / 12). */
export const HOURS_PER_MONTH = 730;

/** Seconds in that month: 730 x 3,600. */
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

/** Bytes in a GB as cloud data-transfer prices count them (decimal gigabytes). */
export const BYTES_PER_GB = 1e9;

export interface PriceTable {
  /** Source and date, shown beside the costs. */
  source: string;
  /** One app server: a general-purpose 2 vCPU / 8 GiB VM (EC2 m5.large, Linux, on-demand). */
  serverUsdPerHour: number;
  /** One regional load balancer's hourly charge (ALB-hour; capacity units not counted). */
  balancerUsdPerHour: number;
  /** One database node, primary or replica (RDS for MySQL db.m5.large, Single-AZ). */
  databaseNodeUsdPerHour: number;
  /** One DNS health check of a region's endpoint (Route 53, AWS endpoint, basic). */
  dnsHealthCheckUsdPerMonth: number;
  /** Extra per health check for the fast (10 s) interval, an optional Route 53 feature. */
  dnsFastIntervalUsdPerMonth: number;
  /** Route 53 counts a check as fast below this interval (10 s fast, 30 s standard). */
  dnsFastIntervalBelowMs: number;
  /** Data out to the internet (the answers users download), first 10 TB a month. */
  internetOutUsdPerGb: number;
  /** Data between zones of one region, charged on each side (out and in). */
  crossZoneUsdPerGbEachWay: number;
  /** Data from one region to another, charged once (at the sender). */
  crossRegionUsdPerGb: number;
  /**
   * Payload sizes. The engine moves requests, not bytes, so these sizes are the price
   * table's assumption (a JSON API answer of ~10 KB), not a measurement. Requests
   * coming in are not priced: data into a cloud is free.
   */
  responseBytes: number;
  /** One database call: the query out and the row back, together. */
  databaseCallBytes: number;
  /** One write shipped to one replica (the log record of a small row). */
  replicationBytesPerWrite: number;
}

/** The default table (AWS us-east-1 on-demand list prices, 2025). */
export const PRICES: PriceTable = {
  source:
    'AWS us-east-1 on-demand list prices, 2025: EC2 m5.large, ALB, RDS for MySQL db.m5.large, Route 53 health checks, EC2 data transfer',
  serverUsdPerHour: 0.096,
  balancerUsdPerHour: 0.0225,
  databaseNodeUsdPerHour: 0.171,
  dnsHealthCheckUsdPerMonth: 0.5,
  dnsFastIntervalUsdPerMonth: 1.0,
  dnsFastIntervalBelowMs: 30_000,
  internetOutUsdPerGb: 0.09,
  crossZoneUsdPerGbEachWay: 0.01,
  crossRegionUsdPerGb: 0.02,
  responseBytes: 10_000,
  databaseCallBytes: 2_000,
  replicationBytesPerWrite: 1_000,
};
