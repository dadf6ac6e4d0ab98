package org.telerounds.cart.model;

import java.util.List;
import java.util.Objects;

/**
 * One cart's complete, validated profile: who the cart is, which physical device plays which
 * track role, how the cart reaches the signaling server, and its privacy defaults. Every value is
 * resolved (no defaults are left for the cart to apply), and devices are sorted by id so that the
 * rendered bundle is the same whatever order the HOCON files listed them in.
 */
public record CartProfile(
    int schemaVersion,
    Identity identity,
    List<Camera> cameras,
    List<AudioInput> audioInputs,
    Network network,
    Privacy privacy) {

  /** The only schema version this module reads and writes. */
  public static final int SCHEMA_VERSION = 1;

  public CartProfile {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(privacy, "privacy");
    cameras = List.copyOf(cameras);
    audioInputs = List.copyOf(audioInputs);
  }
}
