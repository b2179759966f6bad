/**
 * First run: the link the server prints while no account exists (`/setup?token=…`) opens this page, which creates
 * the first administrator and signs them in.
 */
import { LockOutlined, MailOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../../api/client.ts';
import { LanguageSwitch } from '../../../app/LanguageSwitch.tsx';
import { isLanguage, setLanguage, type Language } from '../../../i18n/index.ts';
import { useCompleteSetup, useMe, useSetupStatus } from '../api/session.ts';

type Values = { displayName: string; email: string; password: string; confirm: string; locale: Language };

const LANGUAGE_OPTIONS = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'zh-TW', label: '繁體中文' },
  { value: 'en', label: 'English' },
];
const MIN_PASSWORD = 10; // as the server's user schema

export function SetupPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const me = useMe();
  const status = useSetupStatus();
  const complete = useCompleteSetup();
  const [form] = Form.useForm<Values>();
  const failure = complete.error;
  const done = status.data === false || isApiError(failure, 409);
  const showForm = Boolean(token) && !done;
  if (me.data) return <Navigate to="/people" replace />;

  const notice = !token
    ? <Alert type="info" showIcon title={t('setup.noToken')} data-testid="setup-no-token" />
    : done
      ? <Alert type="info" showIcon title={t('setup.alreadyDone')} action={<Link to="/sign-in">{t('setup.goToSignIn')}</Link>} data-testid="setup-done" />
      : null;
  const error = !failure || done || isApiError(failure, 400)
    ? null
    : isApiError(failure, 403) ? t('setup.tokenWrong') : isApiError(failure, 429) ? t('auth.tooManyAttempts') : t('common.error');

  const submit = (values: Values) =>
    complete.mutate(
      { token, email: values.email, displayName: values.displayName, password: values.password, locale: values.locale },
      {
        onSuccess: () => navigate('/people', { replace: true }),
        onError: (err) => {
          // The server names the field it refuses (e.g. a password it finds too weak): shown under that field.
          if (isApiError(err, 400)) form.setFields(err.issues.map((issue) => ({ name: issue.field.split('.')[0] as keyof Values, errors: [issue.message] })));
        },
      },
    );

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5', padding: 16, boxSizing: 'border-box' }}>
      <Card style={{ width: '100%', maxWidth: 440 }} data-testid="setup-page">
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 16 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>{t('setup.title')}</Typography.Title>
          {/* With the form, its language field switches the page (one control, not two). */}
          {!showForm && <LanguageSwitch />}
        </div>
        {notice ?? (
          <>
            <Typography.Paragraph type="secondary">{t('setup.intro')}</Typography.Paragraph>
            {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} data-testid="setup-error" />}
            <Form<Values>
              form={form}
              layout="vertical"
              requiredMark={false}
              initialValues={{ locale: isLanguage(i18n.language) ? i18n.language : 'zh-CN' }}
              onFinish={submit}
            >
              <Form.Item name="displayName" label={t('setup.displayName')} rules={[{ required: true, whitespace: true, message: t('setup.displayNameRequired') }, { max: 200 }]}>
                <Input prefix={<UserOutlined />} autoComplete="name" autoFocus data-testid="setup-name" />
              </Form.Item>
              <Form.Item name="email" label={t('setup.email')} rules={[{ required: true, type: 'email', message: t('auth.emailInvalid') }]}>
                <Input prefix={<MailOutlined />} autoComplete="username" data-testid="setup-email" />
              </Form.Item>
              <Form.Item name="password" label={t('setup.password')} extra={t('setup.passwordHint')} rules={[{ required: true, min: MIN_PASSWORD, message: t('setup.passwordTooShort') }, { max: 200 }]}>
                <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="setup-password" />
              </Form.Item>
              <Form.Item
                name="confirm"
                label={t('setup.confirmPassword')}
                dependencies={['password']}
                rules={[
                  { required: true, message: t('setup.passwordsDiffer') },
                  ({ getFieldValue }) => ({ validator: async (_, value) => (value === getFieldValue('password') ? undefined : Promise.reject(new Error(t('setup.passwordsDiffer')))) }),
                ]}
              >
                <Input.Password prefix={<LockOutlined />} autoComplete="new-password" data-testid="setup-confirm" />
              </Form.Item>
              <Form.Item name="locale" label={t('setup.language')}>
                {/* The page follows the choice at once, so the administrator sees the app as it will be. */}
                <Select options={LANGUAGE_OPTIONS} onChange={(value: string) => isLanguage(value) && setLanguage(value)} data-testid="setup-language" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={complete.isPending} data-testid="setup-submit">
                {t('setup.submit')}
              </Button>
            </Form>
          </>
        )}
      </Card>
    </div>
  );
}
