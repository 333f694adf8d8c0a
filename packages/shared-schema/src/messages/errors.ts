/**
 * What the server sends (message type `error`, or an HTTP error body) when it refuses input.
 * `code` is stable (e.g. `BAD_REQUEST`, `INSUFFICIENT_FUNDS`); `message` is for humans;
 * `type` names the refused room message when there is one; `clientOrderId` / `orderId` / `key` /
 * `requestKey` echo the refused message's own ids and retry keys (when it carried them as strings),
 * so a client with several messages in flight knows which one was refused.
 */
export interface ErrorPayload {
  code: string;
  message: string;
  type?: string;
  clientOrderId?: string;
  orderId?: string;
  key?: string;
  requestKey?: string;
  issues?: Array<{ path: string; message: string }>;
}

/** Server → client message types shared by every room. */
export const SERVER_MESSAGES = {
  error: 'error',
  notice: 'notice',
  deployed: 'deployed',
  profile: 'profile',
} as const;
