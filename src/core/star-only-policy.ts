import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * Attaches the stack's one shared policy for the actions AWS only offers on `*` (`STAR_ONLY_ACTIONS`)
 * to `role`, creating the policy on first use, and returns it.
 * @internal
 */
export type StarOnlyPolicyProvider = (role: iam.IRole) => iam.ManagedPolicy;

let provider: StarOnlyPolicyProvider | undefined;

/**
 * Names the owner of the shared star-only policy. `StackDefaults` owns it (one per stack, with the
 * acknowledgment it needs) and calls this when its module loads; `ManagedPolicyRole` reaches the policy
 * through {@link attachStarOnlyPolicy}. The indirection keeps the grant mechanism from importing the stack's
 * defaults, which themselves create a `ManagedPolicyRole` (the backup role).
 * @internal
 */
export function provideStarOnlyPolicy(provide: StarOnlyPolicyProvider): void {
  provider = provide;
}

/**
 * Attaches the shared star-only policy of `role`'s stack to `role` and returns it.
 * @internal
 */
export function attachStarOnlyPolicy(role: iam.IRole): iam.ManagedPolicy {
  if (!provider) {
    // Unreachable through the package entry point, which loads StackDefaults with ManagedPolicyRole.
    throw new Error('cdk-secure-serverless: StackDefaults was not loaded; import the library from its entry point');
  }
  return provider(role);
}
