import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications, notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, useEffect } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { AppLayout } from './components/AppLayout';
import { Loading } from './components/common';
import { RequireAuth, RequirePermission } from './components/guards';
import { ApiError, setUnauthorizedHandler } from './lib/api';
import { ME_KEY } from './lib/auth';
import { theme } from './theme';

const SignInPage = lazy(() => import('./pages/SignInPage'));
const ChangePasswordPage = lazy(() => import('./pages/ChangePasswordPage'));
const HomePage = lazy(() => import('./pages/HomePage'));
const UnitsPage = lazy(() => import('./pages/UnitsPage'));
const UnitDetailPage = lazy(() => import('./pages/UnitDetailPage'));
const UnitMergePage = lazy(() => import('./pages/UnitMergePage'));
const UsersPage = lazy(() => import('./pages/UsersPage'));
const UserDetailPage = lazy(() => import('./pages/UserDetailPage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));
const PlansPage = lazy(() => import('./pages/plans/PlansPage'));
const NewPlanPage = lazy(() => import('./pages/plans/NewPlanPage'));
const PlanDetailPage = lazy(() => import('./pages/plans/PlanDetailPage'));
const PlanEditorPage = lazy(() => import('./pages/plans/PlanEditorPage'));
const InboxPage = lazy(() => import('./pages/plans/InboxPage'));
const TasksPage = lazy(() => import('./pages/tasks/TasksPage'));
const TaskDetailPage = lazy(() => import('./pages/tasks/TaskDetailPage'));
const TaskOverviewPage = lazy(() => import('./pages/tasks/TaskOverviewPage'));
const CalendarPage = lazy(() => import('./pages/calendar/CalendarPage'));
const NewsListPage = lazy(() => import('./pages/news/NewsListPage'));
const NewsEditorPage = lazy(() => import('./pages/news/NewsEditorPage'));
const NotificationsPage = lazy(() => import('./pages/notifications/NotificationsPage'));
const ActivitiesPage = lazy(() => import('./pages/activities/ActivitiesPage'));
const ActivityFormPage = lazy(() => import('./pages/activities/ActivityFormPage'));
const ActivityDetailPage = lazy(() => import('./pages/activities/ActivityDetailPage'));
const DashboardPage = lazy(() => import('./pages/dashboard/DashboardPage'));
const ReportsPage = lazy(() => import('./pages/reports/ReportsPage'));
const NewReportPage = lazy(() => import('./pages/reports/NewReportPage'));
const ReportPage = lazy(() => import('./pages/reports/ReportPage'));
const ReportRequestPage = lazy(() => import('./pages/reports/ReportRequestPage'));
const ContestsPage = lazy(() => import('./pages/contests/ContestsPage'));
const ContestDetailPage = lazy(() => import('./pages/contests/ContestDetailPage'));
const QuestionBankPage = lazy(() => import('./pages/contests/QuestionBankPage'));
const ModelsPage = lazy(() => import('./pages/models/ModelsPage'));
const ModelFormPage = lazy(() => import('./pages/models/ModelFormPage'));
const ModelDetailPage = lazy(() => import('./pages/models/ModelDetailPage'));
const MaterialsPage = lazy(() => import('./pages/materials/MaterialsPage'));
const MaterialNewPage = lazy(() => import('./pages/materials/MaterialNewPage'));
const MaterialDetailPage = lazy(() => import('./pages/materials/MaterialDetailPage'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
    },
    mutations: { retry: false },
  },
});

function SessionWatcher() {
  useEffect(() => {
    setUnauthorizedHandler(() => {
      if (queryClient.getQueryData(ME_KEY)) {
        notifications.show({
          id: 'session-ended',
          color: 'orange',
          title: 'Phiên làm việc đã kết thúc',
          message: 'Hãy đăng nhập lại để tiếp tục.',
        });
      }
      queryClient.setQueryData(ME_KEY, null);
    });
    return () => setUnauthorizedHandler(null);
  }, []);
  return null;
}

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <DatesProvider settings={{ locale: 'vi', firstDayOfWeek: 1, weekendDays: [0] }}>
        <QueryClientProvider client={queryClient}>
          <Notifications position="top-right" zIndex={1000} />
          <SessionWatcher />
          <BrowserRouter basename="/app">
            <Suspense fallback={<Loading />}>
              <Routes>
                <Route path="dang-nhap" element={<SignInPage />} />
                <Route
                  element={
                    <RequireAuth>
                      <AppLayout />
                    </RequireAuth>
                  }
                >
                  <Route index element={<HomePage />} />
                  <Route path="doi-mat-khau" element={<ChangePasswordPage />} />
                  <Route path="don-vi" element={<UnitsPage />} />
                  <Route
                    path="don-vi/hop-nhat"
                    element={
                      <RequirePermission action="unit.manage">
                        <UnitMergePage />
                      </RequirePermission>
                    }
                  />
                  <Route path="don-vi/:id" element={<UnitDetailPage />} />
                  <Route
                    path="nguoi-dung"
                    element={
                      <RequirePermission action="user.manage">
                        <UsersPage />
                      </RequirePermission>
                    }
                  />
                  <Route
                    path="nguoi-dung/:id"
                    element={
                      <RequirePermission action="user.manage">
                        <UserDetailPage />
                      </RequirePermission>
                    }
                  />
                  <Route
                    path="nhat-ky"
                    element={
                      <RequirePermission action="audit.view">
                        <AuditPage />
                      </RequirePermission>
                    }
                  />
                  <Route
                    path="ke-hoach"
                    element={
                      <RequirePermission action="plan.view">
                        <PlansPage />
                      </RequirePermission>
                    }
                  />
                  <Route
                    path="ke-hoach/moi"
                    element={
                      <RequirePermission action="plan.edit">
                        <NewPlanPage />
                      </RequirePermission>
                    }
                  />
                  <Route
                    path="ke-hoach/:id"
                    element={
                      <RequirePermission action="plan.view">
                        <PlanDetailPage />
                      </RequirePermission>
                    }
                  />
                  <Route
                    path="ke-hoach/:id/sua"
                    element={
                      <RequirePermission action="plan.edit">
                        <PlanEditorPage />
                      </RequirePermission>
                    }
                  />
                  <Route
                    path="van-ban-den"
                    element={
                      <RequirePermission action="plan.view">
                        <InboxPage />
                      </RequirePermission>
                    }
                  />
                  <Route path="nhiem-vu" element={<TasksPage />} />
                  <Route
                    path="nhiem-vu/tong-hop"
                    element={
                      <RequirePermission action="task.manage">
                        <TaskOverviewPage />
                      </RequirePermission>
                    }
                  />
                  <Route path="nhiem-vu/:id" element={<TaskDetailPage />} />
                  <Route path="hoat-dong" element={<ActivitiesPage />} />
                  <Route
                    path="hoat-dong/moi"
                    element={
                      <RequirePermission action="activity.report">
                        <ActivityFormPage />
                      </RequirePermission>
                    }
                  />
                  <Route path="hoat-dong/:id" element={<ActivityDetailPage />} />
                  <Route
                    path="hoat-dong/:id/sua"
                    element={
                      <RequirePermission action="activity.report">
                        <ActivityFormPage />
                      </RequirePermission>
                    }
                  />
                  <Route
                    path="theo-doi"
                    element={
                      <RequirePermission action="plan.view">
                        <DashboardPage />
                      </RequirePermission>
                    }
                  />
                  <Route
                    path="bao-cao"
                    element={
                      <RequirePermission action="plan.view">
                        <ReportsPage />
                      </RequirePermission>
                    }
                  />
                  <Route
                    path="bao-cao/moi"
                    element={
                      <RequirePermission action="report.edit">
                        <NewReportPage />
                      </RequirePermission>
                    }
                  />
                  <Route
                    path="bao-cao/yeu-cau/:id"
                    element={
                      <RequirePermission action="plan.view">
                        <ReportRequestPage />
                      </RequirePermission>
                    }
                  />
                  <Route
                    path="bao-cao/:id"
                    element={
                      <RequirePermission action="plan.view">
                        <ReportPage />
                      </RequirePermission>
                    }
                  />
                  <Route path="lich" element={<CalendarPage />} />
                  <Route
                    path="tin-bai"
                    element={
                      <RequirePermission action="news.edit">
                        <NewsListPage />
                      </RequirePermission>
                    }
                  />
                  <Route
                    path="tin-bai/moi"
                    element={
                      <RequirePermission action="news.edit">
                        <NewsEditorPage />
                      </RequirePermission>
                    }
                  />
                  <Route
                    path="tin-bai/:id"
                    element={
                      <RequirePermission action="news.edit">
                        <NewsEditorPage />
                      </RequirePermission>
                    }
                  />
                  <Route
                    path="cuoc-thi"
                    element={
                      <RequirePermission action="contest.manage">
                        <ContestsPage />
                      </RequirePermission>
                    }
                  />
                  <Route
                    path="cuoc-thi/ngan-hang-cau-hoi"
                    element={
                      <RequirePermission action="contest.manage">
                        <QuestionBankPage />
                      </RequirePermission>
                    }
                  />
                  <Route
                    path="cuoc-thi/:id"
                    element={
                      <RequirePermission action="contest.manage">
                        <ContestDetailPage />
                      </RequirePermission>
                    }
                  />
                  <Route path="mo-hinh" element={<ModelsPage />} />
                  <Route path="mo-hinh/moi" element={<ModelFormPage />} />
                  <Route path="mo-hinh/:id" element={<ModelDetailPage />} />
                  <Route path="mo-hinh/:id/sua" element={<ModelFormPage />} />
                  <Route path="tai-lieu" element={<MaterialsPage />} />
                  <Route
                    path="tai-lieu/moi"
                    element={
                      <RequirePermission action="news.edit">
                        <MaterialNewPage />
                      </RequirePermission>
                    }
                  />
                  <Route path="tai-lieu/:id" element={<MaterialDetailPage />} />
                  <Route path="thong-bao" element={<NotificationsPage />} />
                  <Route path="trang-chu" element={<Navigate to="/" replace />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Routes>
            </Suspense>
          </BrowserRouter>
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}
