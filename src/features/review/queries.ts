/** The review pages' reads of the device's store: one live read of everything a review shows (review-data.ts). */
import type { Accessor } from 'solid-js';
import { createLive } from '../../ui/live';
import { EMPTY_REVIEW, loadReview } from './review-data';

export const liveReview = (work: Accessor<string>) => createLive(work, loadReview, EMPTY_REVIEW);
