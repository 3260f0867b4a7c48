/**
 * The co-sign threshold counts the residents backing a topic, its proposer included: with the
 * default of 5, a proposer and four neighbours bring a topic to admission.
 */
export const supporters = (topic: { cosignCount: number }) => topic.cosignCount + 1;
