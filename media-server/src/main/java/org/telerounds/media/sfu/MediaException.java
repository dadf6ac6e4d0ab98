package org.telerounds.media.sfu;

/** A client request the media server refuses; {@link #code} is a stable machine-readable code. */
public final class MediaException extends RuntimeException {
  private final String code;

  public MediaException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() { return code; }
}
