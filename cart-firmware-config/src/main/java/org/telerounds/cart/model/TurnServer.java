package org.telerounds.cart.model;

import java.util.List;

/**
 * One TURN server entry, shaped like a browser's {@code RTCIceServer}: one or more
 * {@code turn:}/{@code turns:} URLs sharing a username and credential.
 */
public record TurnServer(List<String> urls, String username, String credential) {

  public TurnServer {
    urls = List.copyOf(urls);
  }
}
