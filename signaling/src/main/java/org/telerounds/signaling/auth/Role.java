package org.telerounds.signaling.auth;

import java.util.Arrays;
import java.util.Optional;

/** Who a token holder is. The role decides what they may do; see {@link Permissions}. */
public enum Role {
  CART, EXPERT, OPERATOR, AUDITOR, ADMIN;

  public String wireName() { return name().toLowerCase(); }

  public static Optional<Role> fromWire(String s) {
    return Arrays.stream(values()).filter(r -> r.wireName().equals(s)).findFirst();
  }
}
