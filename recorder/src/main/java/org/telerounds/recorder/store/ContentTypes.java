package org.telerounds.recorder.store;

/** The Content-Type of a recording object, by its extension. */
public final class ContentTypes {
  private ContentTypes() {}

  public static String of(String key) {
    String ext = key.substring(key.lastIndexOf('.') + 1);
    return switch (ext) {
      case "ogg", "opus" -> "audio/ogg";
      case "webm" -> "video/webm";
      case "mp4" -> "video/mp4";
      case "ivf" -> "video/x-ivf";
      case "json" -> "application/json";
      case "vtt" -> "text/vtt";
      default -> "application/octet-stream";
    };
  }
}
