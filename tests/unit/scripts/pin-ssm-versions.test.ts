/**
 * The deploy-time pinning of SSM references (scripts/serverless/pin-ssm-versions.cjs):
 * a new parameter version must change the template's text, or CloudFormation
 * never reads the new value.
 */
import { pinSsmVersions, unpinnedNames } from '../../../scripts/serverless/pin-ssm-versions.cjs';

const template = () => ({
  Resources: {
    Fn: {
      Properties: {
        Environment: {
          Variables: {
            JWT_ISSUER: '{{resolve:ssm:/commerce/prod/jwt-issuer}}',
            PINNED: '{{resolve:ssm:/commerce/prod/other:7}}',
            SECRET: '{{resolve:ssm-secure:/commerce/prod/secret}}',
          },
        },
      },
    },
    Role: {
      Properties: {
        Resource: {
          'Fn::Sub':
            'arn:${AWS::Partition}:ses:identity/{{resolve:ssm:/commerce/prod/ses-identity}}',
        },
        List: ['{{resolve:ssm:/commerce/prod/jwt-issuer}}', 3, null],
      },
    },
  },
});

describe('pin-ssm-versions', () => {
  it('finds every unversioned SSM reference once, and no pinned or secure one', () => {
    expect(unpinnedNames(template())).toEqual([
      '/commerce/prod/jwt-issuer',
      '/commerce/prod/ses-identity',
    ]);
  });

  it('pins each reference to its version, wherever it is, and leaves the rest as written', () => {
    const pinned = pinSsmVersions(
      template(),
      new Map([
        ['/commerce/prod/jwt-issuer', 2],
        ['/commerce/prod/ses-identity', 1],
      ]),
    );
    expect(pinned).toEqual({
      Resources: {
        Fn: {
          Properties: {
            Environment: {
              Variables: {
                JWT_ISSUER: '{{resolve:ssm:/commerce/prod/jwt-issuer:2}}',
                PINNED: '{{resolve:ssm:/commerce/prod/other:7}}',
                SECRET: '{{resolve:ssm-secure:/commerce/prod/secret}}',
              },
            },
          },
        },
        Role: {
          Properties: {
            Resource: {
              'Fn::Sub':
                'arn:${AWS::Partition}:ses:identity/{{resolve:ssm:/commerce/prod/ses-identity:1}}',
            },
            List: ['{{resolve:ssm:/commerce/prod/jwt-issuer:2}}', 3, null],
          },
        },
      },
    });
  });

  it('changes the template text when, and only when, a version changes', () => {
    const at = (issuer: number) =>
      JSON.stringify(
        pinSsmVersions(
          template(),
          new Map([
            ['/commerce/prod/jwt-issuer', issuer],
            ['/commerce/prod/ses-identity', 1],
          ]),
        ),
      );
    expect(at(1)).toBe(at(1));
    expect(at(2)).not.toBe(at(1));
  });

  it('refuses a reference whose parameter has no version', () => {
    expect(() => pinSsmVersions(template(), new Map([['/commerce/prod/jwt-issuer', 1]]))).toThrow(
      'no version for SSM parameter /commerce/prod/ses-identity',
    );
  });
});
