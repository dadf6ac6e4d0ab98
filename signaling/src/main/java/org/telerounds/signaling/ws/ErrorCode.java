package org.telerounds.signaling.ws;

/** Stable error codes sent in {@code {"type":"error","code":...}}; documented in docs/protocol.md. */
public enum ErrorCode {
  BAD_JSON("bad-json"),
  UNKNOWN_TYPE("unknown-type"),
  MESSAGE_TOO_LARGE("message-too-large"),
  BAD_REQUEST("bad-request"),
  NOT_JOINED("not-joined"),
  ALREADY_JOINED("already-joined"),
  ROOM_MISMATCH("room-mismatch"),
  FORBIDDEN_ROLE("forbidden-track-role"),
  BAD_SDP("bad-sdp"),
  BAD_ROLE("bad-role"),
  BAD_NAME("bad-name"),
  TRANSPORT_FAILED("transport-failed"),
  FORBIDDEN("forbidden"),
  RATE_LIMITED("rate-limited"),
  NO_SUCH_TARGET("no-such-target"),
  UNAVAILABLE("unavailable"),
  INTERNAL("internal");

  private final String wire;

  ErrorCode(String wire) { this.wire = wire; }

  public String wire() { return wire; }
}
