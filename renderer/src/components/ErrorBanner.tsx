import type { ConfidantError } from '../../../electron/api/index.ts';
import { TextWithCode } from './TextWithCode.tsx';

interface ErrorBannerProps {
  error: ConfidantError;
  /** What failed, in the person's words ("Could not read the status"). */
  title: string;
  onRetry?: () => void;
}

/** A failed call: the server's own message (it says what to do next), its field issues, and a retry. */
export function ErrorBanner({ error, title, onRetry }: ErrorBannerProps) {
  return (
    <div className="banner banner-error" role="alert">
      <div className="banner-body">
        <p className="banner-title">{title}</p>
        <p>
          <TextWithCode text={error.message} />
        </p>
        {error.issues && error.issues.length > 0 ? (
          <ul className="banner-issues">
            {error.issues.map((issue) => (
              <li key={issue}>{issue}</li>
            ))}
          </ul>
        ) : null}
      </div>
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}
