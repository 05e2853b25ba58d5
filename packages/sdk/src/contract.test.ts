import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Static, TSchema } from 'typebox';
import type { PupilRecord as DomainPupilRecord } from '@aikom/domain/exchange-record';
import type { JobSchema } from '@aikom/server/jobs/routes';
import type * as AuthServer from '@aikom/server/modules/auth/schemas';
import type * as OrgServer from '@aikom/server/modules/organisations/schemas';
import type * as PupilServer from '@aikom/server/modules/pupils/schemas';
import type * as Server from '@aikom/server/modules/territories/schemas';
import type * as UserServer from '@aikom/server/modules/users/schemas';
import type {
  ContactEntry,
  DisplacementEntry,
  Enrolment,
  ForeignBirthCertificate,
  HostilityPeriod,
  Issue,
  Job,
  Me,
  Organisation,
  OrganisationCreate,
  OrganisationPatch,
  OrganisationVersion,
  PupilCard,
  PupilEvent,
  PupilExit,
  PupilRecord,
  PupilSearchParams,
  PupilSummary,
  SavedPupil,
  SchoolClass,
  SchoolRef,
  Session,
  SignedIn,
  Territory,
  TerritoryDetail,
  TerritorySearchHit,
  TotpSetup,
  UkrainianBirthCertificate,
  User,
  UserCreate,
  UserCreated,
  ValidationResult,
} from './index';

/**
 * The SDK's types are its own (no server libraries in a client's bundle), and must describe exactly what the server
 * sends: these assertions fail `tsc` as soon as a server schema and an SDK type drift apart in either direction.
 */
type S<T extends TSchema> = Static<T>;
type Card = S<typeof PupilServer.PupilCardSchema>;

describe('SDK types match the server schemas', () => {
  it('territory endpoints', () => {
    expectTypeOf<Territory>().toExtend<Server.Territory>();
    expectTypeOf<Server.Territory>().toExtend<Territory>();
    expectTypeOf<TerritorySearchHit>().toExtend<Server.SearchHit>();
    expectTypeOf<Server.SearchHit>().toExtend<TerritorySearchHit>();
    expectTypeOf<TerritoryDetail>().toExtend<Server.TerritoryDetail>();
    expectTypeOf<Server.TerritoryDetail>().toExtend<TerritoryDetail>();
    expectTypeOf<HostilityPeriod>().toExtend<Server.HostilityPeriodView>();
    expectTypeOf<Server.HostilityPeriodView>().toExtend<HostilityPeriod>();
    expectTypeOf<keyof Territory>().toEqualTypeOf<keyof Server.Territory>();
    expectTypeOf<keyof TerritoryDetail>().toEqualTypeOf<keyof Server.TerritoryDetail>();
    expectTypeOf<keyof HostilityPeriod>().toEqualTypeOf<keyof Server.HostilityPeriodView>();
    expect(true).toBe(true);
  });

  it('sign-in, me and sessions', () => {
    expectTypeOf<SignedIn>().toEqualTypeOf<S<typeof AuthServer.SignedInSchema>>();
    expectTypeOf<TotpSetup>().toEqualTypeOf<S<typeof AuthServer.TotpSetupSchema>>();
    expectTypeOf<Session>().toEqualTypeOf<S<typeof AuthServer.SessionSchema>>();
    expectTypeOf<Me>().toExtend<S<typeof AuthServer.MeSchema>>();
    expectTypeOf<S<typeof AuthServer.MeSchema>>().toExtend<Me>();
    expectTypeOf<keyof Me>().toEqualTypeOf<keyof S<typeof AuthServer.MeSchema>>();
    expect(true).toBe(true);
  });

  it('users', () => {
    expectTypeOf<User>().toEqualTypeOf<S<typeof UserServer.UserSchema>>();
    expectTypeOf<UserCreated>().toEqualTypeOf<S<typeof UserServer.UserCreatedSchema>>();
    expectTypeOf<UserCreate>().toEqualTypeOf<UserServer.UserCreate>();
    expect(true).toBe(true);
  });

  it('organisations', () => {
    type Server = S<typeof OrgServer.OrganisationSchema>;
    expectTypeOf<Organisation>().toExtend<Server>();
    expectTypeOf<Server>().toExtend<Organisation>();
    expectTypeOf<keyof Organisation>().toEqualTypeOf<keyof Server>();
    expectTypeOf<OrganisationCreate>().toEqualTypeOf<OrgServer.OrganisationCreate>();
    expectTypeOf<OrganisationPatch>().toEqualTypeOf<OrgServer.OrganisationPatch>();
    expectTypeOf<OrganisationVersion>().toEqualTypeOf<S<typeof OrgServer.OrganisationVersionSchema>>();
    expect(true).toBe(true);
  });

  it('pupils, classes and validation', () => {
    // Country codes are strings in the SDK, a union of the 249 codes on the server: the server's record fits the
    // SDK's; the field names agree exactly at every level. (The domain types a Ukrainian certificate's
    // `issuedCountry` as any country code, the schema admits only `UA`: the certificate is compared by its branches.)
    type NoCertificate<T> = Omit<T, 'birthCertificate'>;
    expectTypeOf<NoCertificate<DomainPupilRecord>>().toExtend<NoCertificate<PupilRecord>>();
    type DomainCertificate = NonNullable<DomainPupilRecord['birthCertificate']>;
    expectTypeOf<Extract<DomainCertificate, { issuedCountry: string }>>().toExtend<ForeignBirthCertificate>();
    expectTypeOf<keyof ForeignBirthCertificate>().toEqualTypeOf<keyof DomainCertificate>();
    expectTypeOf<keyof UkrainianBirthCertificate>().toEqualTypeOf<keyof DomainCertificate>();
    expectTypeOf<keyof PupilRecord>().toEqualTypeOf<keyof DomainPupilRecord>();
    type Nested<K extends keyof PupilRecord> = keyof NonNullable<PupilRecord[K]>;
    type DomainNested<K extends keyof DomainPupilRecord> = keyof NonNullable<DomainPupilRecord[K]>;
    expectTypeOf<Nested<'residence'>>().toEqualTypeOf<DomainNested<'residence'>>();
    expectTypeOf<Nested<'displacement'>>().toEqualTypeOf<DomainNested<'displacement'>>();
    expectTypeOf<Nested<'contact'>>().toEqualTypeOf<DomainNested<'contact'>>();
    expectTypeOf<Nested<'enrollment'>>().toEqualTypeOf<DomainNested<'enrollment'>>();
    expectTypeOf<Omit<PupilRecord, 'birthCertificate' | 'citizenship' | 'displacement'>>().toExtend<
      Omit<DomainPupilRecord, 'birthCertificate' | 'citizenship' | 'displacement'>
    >();

    expectTypeOf<Issue>().toEqualTypeOf<S<typeof PupilServer.IssueSchema>>();
    expectTypeOf<ValidationResult>().toEqualTypeOf<S<typeof PupilServer.ValidationResultSchema>>();
    expectTypeOf<PupilSummary>().toEqualTypeOf<S<typeof PupilServer.PupilSummarySchema>>();
    expectTypeOf<SchoolClass>().toEqualTypeOf<S<typeof PupilServer.ClassSchema>>();
    expectTypeOf<SchoolRef>().toEqualTypeOf<S<typeof PupilServer.SchoolRefSchema>>();
    expectTypeOf<Enrolment>().toEqualTypeOf<S<typeof PupilServer.EnrolmentSchema>>();
    expectTypeOf<SavedPupil>().toEqualTypeOf<S<typeof PupilServer.SavedSchema>>();
    expectTypeOf<PupilExit>().toExtend<S<typeof PupilServer.ExitBody>>();
    expectTypeOf<S<typeof PupilServer.ExitBody>>().toExtend<PupilExit>();
    expectTypeOf<Required<PupilSearchParams>>().toEqualTypeOf<Required<S<typeof PupilServer.SearchQuery>>>();

    expectTypeOf<Omit<Card, 'record'>>().toExtend<Omit<PupilCard, 'record'>>();
    expectTypeOf<keyof PupilCard>().toEqualTypeOf<keyof Card>();
    expectTypeOf<Omit<PupilCard, 'record'>>().toExtend<Omit<Card, 'record'>>();
    expectTypeOf<DisplacementEntry>().toEqualTypeOf<Card['history']['displacement'][number]>();
    expectTypeOf<ContactEntry>().toEqualTypeOf<Card['history']['contact'][number]>();
    expectTypeOf<PupilEvent>().toEqualTypeOf<Card['history']['events'][number]>();
    expect(true).toBe(true);
  });

  it('jobs', () => {
    expectTypeOf<Job>().toEqualTypeOf<S<typeof JobSchema>>();
    expect(true).toBe(true);
  });
});
