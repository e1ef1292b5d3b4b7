import type { ApplicantPrincipal, ChannelPrincipal, CitizenPrincipal } from '../../auth/principal';
import { citizenOf } from '../../auth/principal';
import { ApiError } from '../api-error';
import type { HandlerContext } from '../route-spec';

/** Who an applicant route serves (the router lets only applicants in). */

export function applicantCalling(c: HandlerContext<unknown, unknown, unknown>): ApplicantPrincipal {
  if (!c.applicant) throw new ApiError(401, 'UNAUTHENTICATED', 'Authentication required');
  return c.applicant;
}

export function channelCalling(c: HandlerContext<unknown, unknown, unknown>): ChannelPrincipal {
  const a = applicantCalling(c);
  if (a.kind !== 'channel') throw new ApiError(403, 'NOT_AN_APPLICANT_ACCOUNT', 'Batches are for channel accounts (banks, developers)');
  return a;
}

/** The citizen a holder's route serves: the signed-in citizen, or the one a portal acts for; a channel on its own holds no property and no documents. */
export function citizenCalling(c: HandlerContext<unknown, unknown, unknown>): CitizenPrincipal {
  const citizen = citizenOf(applicantCalling(c));
  if (!citizen) throw new ApiError(403, 'NOT_AN_APPLICANT_ACCOUNT', "A holder's property and documents are for citizens signed in with the identity platform, or a portal acting for one (X-On-Behalf-Of)");
  return citizen;
}
