package org.telerounds.cart.model;

import java.util.List;

/**
 * How the cart reaches the server: the signaling WebSocket URL ({@code wss://}, or {@code ws://}
 * on loopback only) and the TURN servers it may relay media through. {@code signalingUrl} is
 * {@code null} only in a base profile.
 */
public record Network(String signalingUrl, List<TurnServer> turnServers) {

  public Network {
    turnServers = List.copyOf(turnServers);
  }
}
