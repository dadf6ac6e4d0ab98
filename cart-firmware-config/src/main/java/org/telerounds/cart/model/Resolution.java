package org.telerounds.cart.model;

import java.util.List;

/**
 * A capture resolution in pixels. Profiles may only name one of {@link #SUPPORTED}, the common
 * 16:9 and 4:3 sizes that cart cameras and browsers agree on, written as {@code "1280x720"}.
 */
public record Resolution(int width, int height) {

  /** The resolutions a profile may ask for, smallest first. */
  public static final List<Resolution> SUPPORTED = List.of(
      new Resolution(640, 360), new Resolution(640, 480), new Resolution(960, 540),
      new Resolution(1280, 720), new Resolution(1920, 1080), new Resolution(2560, 1440),
      new Resolution(3840, 2160));

  /** The profile spelling, e.g. {@code 1280x720}. */
  @Override
  public String toString() {
    return width + "x" + height;
  }
}
