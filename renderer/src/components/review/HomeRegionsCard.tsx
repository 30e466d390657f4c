import { useState, type FormEvent } from 'react';
import type { ConfidantError } from '../../../../electron/api/index.ts';
import { toConfidantError, useCall } from '../../hooks/use-call.ts';
import { getClient } from '../../transport/index.ts';
import { ErrorBanner } from '../ErrorBanner.tsx';

interface HomeRegionsCardProps {
  /** Called after the regions change, so the queue and findings scan again. */
  onChanged: () => void;
}

/**
 * The countries whose national phone formats the scan looks for ("412 34 567" in Norway, "912 345 678"
 * in Spain, written without a country code). From the system locale until the person sets them.
 */
export function HomeRegionsCard({ onChanged }: HomeRegionsCardProps) {
  const regions = useCall('privacy.getHomeRegions', {});
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<ConfidantError | null>(null);
  const current = regions.status === 'ready' ? regions.value.regions.join(' ') : '';

  async function save(event: FormEvent) {
    event.preventDefault();
    const codes = (draft ?? current).split(/[\s,]+/).filter((c) => c.length > 0);
    try {
      await getClient().call('privacy.setHomeRegions', { regions: codes });
      setError(null);
      setDraft(null);
      regions.reload();
      onChanged();
    } catch (e) {
      setError(toConfidantError(e, 'privacy.setHomeRegions'));
    }
  }

  return (
    <section className="card" aria-labelledby="review-regions-title">
      <h2 id="review-regions-title">Home regions</h2>
      <p className="muted">
        Phone numbers written the way these countries write them, without a country code, are found too.
        {regions.status === 'ready' && regions.value.isDefault ? ' Now taken from your system settings.' : ''}
      </p>
      <form className="review-rule-form" onSubmit={(e) => void save(e)}>
        <input aria-label="Region codes" placeholder="NO ES IN" value={draft ?? current} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit" className="button">Save regions</button>
      </form>
      {error ? <ErrorBanner error={error} title="Could not set the home regions" /> : null}
    </section>
  );
}
