/** Typed, validated views of the media server's HOCON configuration. */
package org.telerounds.media.config;
