/** The stub's machinery: the script machine, matching and diffs, the text script parser, the engine SPI bridge. */
package io.asyncbolt.test.internal;
