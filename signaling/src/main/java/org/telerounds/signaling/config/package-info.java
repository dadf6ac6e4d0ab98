/** Loading and validating the merged HOCON configuration; the signaling server's typed config. */
package org.telerounds.signaling.config;
