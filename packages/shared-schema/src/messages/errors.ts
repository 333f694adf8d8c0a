/**
 * What the server sends (message type `error`, or an HTTP error body) when it refuses input.
 * `code` is stable (e.g. `BAD_REQUEST`, `INSUFFICIENT_FUNDS`); `message` is for humans;
 * `type` names the refused room message when there is one.
 */
export interface ErrorPayload {
  code: string;
  message: string;
  type?: string;
  issues?: Array<{ path: string; message: string }>;
}

/** Server → client message types shared by every room. */
export const SERVER_MESSAGES = {
  error: 'error',
  notice: 'notice',
  deployed: 'deployed',
  profile: 'profile',
} as const;
