/** A client connected to a session, as the server describes it. */
export class Connection {
  /** The server-assigned connection ID. */
  readonly connectionId: string;
  /** When the connection joined, in milliseconds since the epoch. */
  readonly creationTime: number;
  /** The connection data from the token. */
  readonly data: string;

  constructor(json: ConnectionJson) {
    this.connectionId = json.connectionId;
    this.creationTime = json.creationTime;
    this.data = json.data;
  }
}

/** A connection as the session core encodes it. */
export interface ConnectionJson {
  connectionId: string;
  creationTime: number;
  data: string;
}
