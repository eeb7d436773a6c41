/**
 * A design's monthly cost beside its availability: the total, small, and on demand
 * where the money goes (each line's quantity, unit price and total), with the price
 * table's source and the traffic the traffic lines assume.
 */
import { memo, useId } from 'react';
import type { Settings, TopologySpec } from '../../sim';
import { formatUsd, monthlyCost, PRICES, type CostLine } from '../../scenarios/cost';
import './cost.css';

/** "2 server-month × $70.08", "1,314 GB × $0.09" */
export function lineQuantityText(line: CostLine): string {
  const quantity =
    line.unit === 'GB'
      ? line.quantity.toLocaleString('en-US', { maximumFractionDigits: line.quantity < 10 ? 2 : 0 })
      : line.quantity.toLocaleString('en-US');
  const price = line.unitPriceUsd.toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 3,
  });
  return `${quantity} ${line.unit} × $${price}`;
}

/**
 * Memoised: its parent (the availability panel) renders on every report, and the
 * cost only changes with the design or the settings (the store keeps both objects while
 * they are unchanged).
 */
export const CostSummary = memo(function CostSummary(props: {
  topology: TopologySpec;
  settings: Settings;
}) {
  const titleId = useId();
  const cost = monthlyCost(props.topology, props.settings);
  const lines = cost.lines.filter((line) => line.quantity > 0);
  return (
    <div className="cost-summary" role="group" aria-labelledby={titleId}>
      <p className="cost-figure">
        <span className="cost-title" id={titleId}>
          Monthly cost
        </span>{' '}
        <strong className="cost-value">{formatUsd(cost.usdPerMonth)}</strong> a month at list prices
      </p>
      <details className="cost-details">
        <summary>Where the money goes</summary>
        <table className="figure-table cost-table">
          <caption className="visually-hidden">Monthly cost by line</caption>
          <tbody>
            {lines.map((line) => (
              <tr key={line.id}>
                <th scope="row">{line.label}</th>
                <td>{lineQuantityText(line)}</td>
                <td className="cost-amount">{formatUsd(line.usdPerMonth)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="cost-note">
          Traffic at the simulated {cost.requestsPerS.toLocaleString('en-US')} requests/s (retries
          not counted), with assumed sizes: {PRICES.responseBytes / 1000} KB per answer,{' '}
          {PRICES.databaseCallBytes / 1000} KB per database call,{' '}
          {PRICES.replicationBytesPerWrite / 1000} KB per replicated write. {PRICES.source}. A
          730-hour month.
        </p>
      </details>
    </div>
  );
});
