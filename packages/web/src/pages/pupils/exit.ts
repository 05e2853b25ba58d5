import type { ExitReason, PupilExit } from '@aikom/sdk';

/** The body of `POST /pupils/{id}/exit` from the dialog's fields: what does not apply to the reason is not sent. */
export function exitBody(v: {
  date: string;
  reason: string;
  destinationEdrpou: string;
  destinationCountry: string;
  note: string;
}): PupilExit {
  const reason = v.reason as ExitReason;
  return {
    date: v.date,
    reason,
    ...((reason === 'transfer' || reason === 'vocational') && v.destinationEdrpou.trim()
      ? { destinationEdrpou: v.destinationEdrpou.trim() }
      : {}),
    ...(reason === 'abroad' && v.destinationCountry ? { destinationCountry: v.destinationCountry } : {}),
    ...(v.note.trim() ? { note: v.note.trim() } : {}),
  };
}
