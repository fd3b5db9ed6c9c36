import * as signalR from '@microsoft/signalr';

/** The part of @microsoft/signalr's HubConnection the client uses. */
export interface HubConnectionLike {
  readonly state: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  invoke<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
  on(event: string, handler: (...args: any[]) => void): void;
  onreconnecting(callback: (error?: Error) => void): void;
  onreconnected(callback: (connectionId?: string) => void): void;
  onclose(callback: (error?: Error) => void): void;
}

/** The default connection: SignalR's JSON protocol, its automatic reconnection with the given (endless) policy. */
export function createHubConnection(
  hubUrl: string,
  accessToken: () => Promise<string>,
  retryPolicy: signalR.IRetryPolicy,
): HubConnectionLike {
  return new signalR.HubConnectionBuilder()
    .withUrl(hubUrl, { accessTokenFactory: accessToken })
    .withAutomaticReconnect(retryPolicy)
    .configureLogging(signalR.LogLevel.None)
    .build();
}

export const Connected = signalR.HubConnectionState.Connected as string;
export const Disconnected = signalR.HubConnectionState.Disconnected as string;
