package io.github.lancelot.format.internal.log;

/** Removes the vector index of this name from the table as of the commit's version. */
public record RemoveIndex(String name) {}
