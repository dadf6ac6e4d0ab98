package org.telerounds.recorder.store;

/** The object store refused or could not be reached; the message says which and never holds keys. */
public final class StoreException extends Exception {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
