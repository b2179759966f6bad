import { LockOutlined, MailOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../../api/client.ts';
import { LanguageSwitch } from '../../../app/LanguageSwitch.tsx';
import { useMe, useSetupStatus, useSignIn } from '../api/session.ts';

type Values = { email: string; password: string };

export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const me = useMe();
  const signIn = useSignIn();
  const setup = useSetupStatus();
  const next = params.get('next')?.startsWith('/') ? (params.get('next') ?? '/people') : '/people';
  if (me.data) return <Navigate to={next} replace />;

  const failure = signIn.error
    ? isApiError(signIn.error, 401) ? t('auth.wrongCredentials') : isApiError(signIn.error, 429) ? t('auth.tooManyAttempts') : t('common.error')
    : null;

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5', padding: 16, boxSizing: 'border-box' }}>
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 16 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>{t('app.name')}</Typography.Title>
          <LanguageSwitch />
        </div>
        {setup.isPending ? null : setup.data ? (
          // A fresh installation has no account to sign in with: the server printed a link that creates the first one.
          <Alert type="info" showIcon title={t('setup.neededTitle')} description={t('setup.neededNotice')} data-testid="setup-needed" />
        ) : (
          <>
            <Typography.Paragraph type="secondary">{t('auth.welcome')}</Typography.Paragraph>
            {failure && <Alert type="error" title={failure} showIcon style={{ marginBottom: 16 }} />}
            <Form<Values> layout="vertical" requiredMark={false} onFinish={(values) => signIn.mutate(values, { onSuccess: () => navigate(next, { replace: true }) })}>
              <Form.Item name="email" label={t('auth.email')} rules={[{ required: true, type: 'email', message: t('auth.emailInvalid') }]}>
                <Input prefix={<MailOutlined />} autoComplete="username" autoFocus data-testid="email" />
              </Form.Item>
              <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
                <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={signIn.isPending} data-testid="sign-in">
                {t('auth.signIn')}
              </Button>
            </Form>
          </>
        )}
      </Card>
    </div>
  );
}
