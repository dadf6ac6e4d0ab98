package org.telerounds.cart.load;

import com.typesafe.config.Config;

/**
 * A profile file after loading: its resolved tree, merged with its base profile when it extends
 * one, and the model it extends ({@code null} if none). {@code extends} itself is removed.
 */
public record LoadedProfile(Config config, String extendsModel) {}
