import type { RouteId } from '../routes.ts';

/** Line icons for the sidebar, drawn on a 24-unit grid in the text colour; decorative only. */
const paths: Record<RouteId, string[]> = {
  library: ['M4 5.5A1.5 1.5 0 0 1 5.5 4H10v16H5.5A1.5 1.5 0 0 1 4 18.5z', 'M10 4h4v16h-4', 'M15 5.2l3.6-1 2.4 15.4-3.6 1z'],
  review: ['M2.5 12s3.5-6.5 9.5-6.5 9.5 6.5 9.5 6.5-3.5 6.5-9.5 6.5S2.5 12 2.5 12z', 'M12 9a3 3 0 1 1 0 6 3 3 0 0 1 0-6z'],
  dataset: ['M4 5h16v14H4z', 'M4 10h16', 'M4 15h16', 'M10 5v14'],
  train: ['M4 19l5-6 4 3 7-9', 'M15 7h5v5'],
  models: ['M12 3l8 4.5v9L12 21l-8-4.5v-9z', 'M4 7.5l8 4.5 8-4.5', 'M12 12v9'],
  chat: ['M5 5h14a1.5 1.5 0 0 1 1.5 1.5v8A1.5 1.5 0 0 1 19 16h-8l-4.5 3.5V16H5a1.5 1.5 0 0 1-1.5-1.5v-8A1.5 1.5 0 0 1 5 5z'],
  status: ['M3 12h4l2.5-6 5 12 2.5-6h4'],
};

export function NavIcon({ id }: { id: RouteId }) {
  return (
    <svg className="nav-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      {paths[id].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
